"""Turn a question into what grouping compares: its intent and its key terms.

Plain string similarity fails on interview questions: "What is model drift?" and "How do you
handle model drift?" share almost every word yet ask different things, while "How does MLOps
differ from DevOps?" and "Difference between DevOps and MLOps?" share few. So we
1. rewrite domain synonyms and acronyms to one token (k8s -> kubernetes, "A/B testing" -> abtest),
2. read the question's intent (definition, how-to, why, comparison, list, experience) from its
   first clause, and
3. keep the key terms: stems of the remaining words after dropping question scaffolding.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("english")

# Phrase rewrites, applied to lowercased text. Longer phrases first so they win.
PHRASES: tuple[tuple[str, str], ...] = (
    (r"machine[- ]learning operations|ml[- ]?ops", "mlops"),
    (r"dev[- ]?ops", "devops"),
    (r"data[- ]?ops", "dataops"),
    (r"model[- ]?ops", "modelops"),
    (r"ai[- ]?ops", "aiops"),
    (r"llm[- ]?ops", "llmops"),
    (r"tensorflow data validation", "tfdv"),
    (r"tensorflow extended", "tfx"),
    (r"tensorflow serving|tf[- ]serving", "tfserving"),
    (r"torch ?serve", "torchserve"),
    (r"k8s|kubernetes", "kubernetes"),
    (r"continuous integration(?:,)? (?:and|&) continuous (?:delivery|deployment)(?:/deployment)?", "cicd"),
    (r"ci ?/ ?cd|ci-cd|cicd|ci & cd|ci and cd pipelines?", "cicd pipeline"),
    (r"continuous integration", "ci"),
    (r"continuous (?:delivery|deployment)", "cd"),
    (r"continuous training", "ct"),
    (r"a ?/ ?b[- ]?(?:testing|tests?|split(?:ting)?|experiments?)?|ab[- ]testing|split[- ]testing", "abtest"),
    (r"multi[- ]?arm(?:ed)?[- ]bandits?|bandits?|mab", "bandit"),
    (r"blue ?[-/]? ?green", "bluegreen"),
    (r"canary", "canary"),
    (r"feature stores?", "featurestore"),
    (r"model registr(?:y|ies)", "modelregistry"),
    (r"hyper[- ]?parameters?", "hyperparameter"),
    (r"on[- ]?prem(?:ise|ises)?", "onprem"),
    (r"general data protection regulation|data protection (?:regulations?|laws?)", "gdpr"),
    (r"real[- ]?time|on[- ]?line", "online"),
    (r"data ?sets?", "data"),
    (r"(?:hyperparameter )?tun(?:e|ing)", "hyperparameter optimization"),
    (r"apps?\b", "application"),
    (r"releases?|roll[- ]?outs?", "deployment"),
    (r"population stability index", "psi"),
    (r"kolmogorov[- ]smirnov(?: test)?|ks[- ]test", "ks"),
    (r"chi[- ]squared?", "chisquare"),
    (r"covariate shift", "data drift"),
    (r"prior (?:probability )?shift", "label shift"),
    (r"train(?:ing)?[- /]serv(?:e|ing) skew|train(?:ing)?[- ]serving skew", "trainserveskew"),
    (r"machine learning|\bml\b", "ml"),
    (r"artificial intelligence", "ai"),
    (r"large language models?|\bllms?\b", "llm"),
    (r"version control(?:ling)?|versioning", "version"),
    (r"containeri[sz]\w*|containers?|docker\w*", "container"),
    (r"orchestrat\w*", "orchestrate"),
    (r"secur\w*", "security"),
    (r"complian\w*|compliant", "compliance"),
    (r"governance|govern\w*", "governance"),
    (r"reproducib\w*|reproduc\w*", "reproducibility"),
    (r"rolling back|roll back|rollbacks?", "rollback"),
    (r"scal(?:e|ing|ability|able)", "scale"),
    (r"monitor\w*", "monitor"),
    (r"explainab\w*|interpretab\w*", "explainability"),
)
# One alternation for the whole map: a single regex pass instead of one per phrase. At any
# position the first listed phrase that matches wins, as the order above intends.
_PHRASE_RE = re.compile(r"(?<!\w)(?:" + "|".join(rf"(?P<p{i}>(?:{p})(?!\w))" for i, (p, _) in enumerate(PHRASES)) + ")")
_REPLACEMENTS = {f"p{i}": r for i, (_, r) in enumerate(PHRASES)}

# Entities a comparison question compares are its key terms minus these generic words.
GENERIC_WORDS = (
    "model models strategy approach method system pipeline deployment production use tool framework "
    "technique way type kind practice option platform solution process"
)

# Question scaffolding: words that say how something is asked, not what.
STOPWORDS = frozenset(
    ["a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "from", "with", "without", "by", "as", "at", "into", "about", "over", "under", "via", "per", "is", "are", "was", "were", "be", "been", "being", "do", "does", "did", "done", "can", "could", "would", "should", "will", "shall", "may", "might", "must", "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "whether", "you", "your", "yours", "we", "our", "us", "i", "me", "my", "one", "they", "them", "their", "it", "its", "this", "that", "these", "those", "there", "here", "some", "any", "all", "each", "every", "other", "others", "another", "such", "same", "more", "most", "much", "many", "few", "several", "s", "e", "g", "eg", "ie", "etc", "like", "including", "include", "includes", "versus", "vs", "vs.", "v", "explain", "describe", "define", "definition", "tell", "discuss", "walk", "through", "give", "mean", "meant", "notion", "idea", "understand", "understanding", "know", "example", "examples", "briefly", "detail", "details", "key", "main", "common", "basic", "important", "have", "has", "had", "prefer", "preferred", "based", "system", "systems", "build", "building", "create", "creating", "make", "making", "set", "setup", "up", "design", "designing", "put", "after", "before", "bad", "good", "team", "teams", "organisation", "organisations", "organization", "organizations", "company", "companies", "adopt", "adopting", "adoption", "mode", "performance", "mechanism", "mechanisms", "led", "lead", "worked", "work", "complex", "challenging", "difficult", "tough", "ensure", "handle", "address", "deal", "tackle", "manage", "achieve", "implement", "implementing", "approach", "approaches", "use", "used", "using", "utilize", "utilise", "leverage", "leveraging", "apply", "applying", "help", "helps", "helping", "typically", "usually", "generally", "often", "really", "actually", "possibly", "pertinent", "overall", "specific", "specifically", "role", "importance", "important", "purpose", "benefit", "benefits", "advantage", "advantages", "value", "need", "needs", "why", "difference", "differences", "different", "differ", "differs", "differentiate", "distinguish", "compare", "comparison", "contrast", "between", "against", "versus", "among", "strategy", "strategies", "technique", "techniques", "method", "methods", "way", "ways", "practice", "practices", "step", "steps", "production", "productions", "environment", "environments", "workflow", "workflows", "real", "world", "real-world", "concern", "concerns", "consideration", "considerations", "issue", "issues"]
)

DEFINITION, HOWTO, WHY, COMPARISON, LIST, EXPERIENCE = (
    "definition", "how-to", "why", "comparison", "list", "experience",
)

_EXPERIENCE = re.compile(
    r"\b(have you|you have|you've|tell me about|describe (a|an|the|your) (time|situation|project|case)|"
    r"walk me through (a|your)|your experience|you (led|worked|built|faced)|which ones do you prefer|"
    r"how are you preparing|a project you)\b"
)
_COMPARISON = re.compile(
    r"\b(difference|differences|differ|differs|different from|differentiate|distinguish|compare|comparing|"
    r"contrast|versus|vs\.?|trade-?offs? between|how is .+ different)\b"
)
_LIST = re.compile(
    r"^(what|which) (are|were) (the |some )?(key |main |different |common |various |typical |emerging |best |most )*"
    r"(stages|steps|components|types|kinds|tools|challenges|ways|risks|trends|phases|metrics|benefits|"
    r"advantages|techniques|pillars|principles|parts|elements|levels|categories|options|practices)\b"
    r"|^(list|name|enumerate)\b|^(common|key|main) \w+|^(advantages|benefits|challenges)\b"
)
_WHY = re.compile(
    r"^why\b|\b(importance|purpose|role|benefits?|advantages?|value|need for|why (is|are|do|does|should))\b"
)
_HOWTO = re.compile(
    r"^how (do|would|can|should|could|will|to|does one|is .+ (done|achieved|implemented))\b|"
    r"^(what|which) (steps|strategies|techniques|approach|approaches|methods|practices|measures|tools or frameworks) "
    r"(do|would|can|should|could|will|are used|have you)|"
    r"\bhow (do |would |can |should )?(you|we|one|i)\b|\bapproach to\b|\bhow to\b"
)
_CLAUSE_BREAK = re.compile(
    r"(?:[,;:?]|\s-\s|\s&\s|\s\+\s)\s*(?:and\s+|but\s+)?(?=(?:how|what|why|which|when|where|who|is|are|do|does|can|could|would|should)\b)"
    r"|\s(?:and|&)\s+(?=(?:how|what|why|which|when|where|who)\b)|\?\s+|\.\s+"
)


@dataclass(frozen=True)
class Signature:
    """What grouping compares for one question."""

    intent: str
    terms: frozenset[str]
    normalized: str  # whole question, normalized: exact duplicates always group

    @property
    def entities(self) -> frozenset[str]:
        return frozenset(t for t in self.terms if t not in GENERIC)


def clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("’", "'").replace("“", '"').replace("”", '"').replace("–", "-").replace("—", "-")
    text = re.sub(r"\(e\.g\.?,?[^)]*\)|\be\.g\.,?", " ", text)  # examples don't change what is asked
    text = re.sub(r"\*\*|__|`", "", text)
    return re.sub(r"\s+", " ", text).strip()


# Context that says where a question is asked, not what: "... in MLOps", "... in production".
_CONTEXT = re.compile(
    r"\b(?:in|for|within|across|to|of|into) (?:an? |the |your )?(?:mlops|ml|ai)"
    r"(?: (?:workflows?|pipelines?|systems?|projects?|lifecycle|context|environments?|teams?|settings?|world))?\b"
    r"|\b(?:in|into|to) (?:a |the )?production(?: (?:systems?|environments?|settings?))?\b"
    r"|\b(?:ml|deployed|production|live) (?=models?\b)|\bafter deployment\b"
    r"|\b(?:the )?(?:concept|notion|idea|term) of\b"
)


@lru_cache(maxsize=65536)
def rewrite(text: str, context: bool = True) -> str:
    """Apply the phrase map; with `context`, also drop "in MLOps"-style context."""
    text = _PHRASE_RE.sub(lambda m: _REPLACEMENTS[m.lastgroup], text)
    return _CONTEXT.sub(" ", text) if context else text


def first_clause(text: str) -> str:
    parts = [p for p in _CLAUSE_BREAK.split(text) if p and p.strip()]
    return parts[0] if parts else text


def intent_of(clause: str) -> str:
    clause = clause.strip(" ?.!")
    if _EXPERIENCE.search(clause):
        return EXPERIENCE
    if _COMPARISON.search(clause):
        return COMPARISON
    if _LIST.search(clause):
        return LIST
    if _HOWTO.search(clause):
        return HOWTO
    if _WHY.search(clause):
        return WHY
    return DEFINITION


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word)


def terms_of(clause: str) -> frozenset[str]:
    words = re.findall(r"[a-z0-9][a-z0-9']*", clause.replace("'s", ""))
    return frozenset(stem(w) for w in words if w not in STOPWORDS and not w.isdigit() and len(w) > 1) - STEMMED_STOPWORDS


STEMMED_STOPWORDS = frozenset(_STEMMER.stemWord(w) for w in STOPWORDS)
GENERIC = frozenset(_STEMMER.stemWord(w) for w in GENERIC_WORDS.split())


@lru_cache(maxsize=65536)
def signature(question: str) -> Signature:
    text = clean(question)
    clause = first_clause(rewrite(text))
    terms = terms_of(clause)
    if not terms:  # "What are the benefits of MLOps?": the context is the subject
        terms = terms_of(first_clause(rewrite(text, context=False)))
    return Signature(intent=intent_of(clause), terms=terms, normalized=" ".join(re.findall(r"[a-z0-9]+", rewrite(text))))
