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

from .text import LIST_NUMBER

_STEMMER = snowballstemmer.stemmer("english")

# Concepts that questions phrase in many ways. "Labels arrive weeks later", "ground truth
# doesn't show up for months" and "without labels" all ask how to monitor with delayed labels.
_LABELS = r"(?:ground[- ]truth(?: labels?)?|(?:true |confirmed (?:\w+ )?)?labels?|outcomes?)"
_LATE = r"(?:arriv\w*|(?:are |is )?delay\w*|come back|comes back|show up|shows up|lag\w*|(?:are |is )?late)"
_HOW_LATE = r"(?: [^?.,;]{0,40}\b(?:later|delay|days?|weeks?|months?|prediction(?: is made)?))?"
DELAYED_LABELS = (
    rf"{_LABELS}(?: \w+){{0,2}}? {_LATE}{_HOW_LATE}"
    rf"|(?:(?:do not|never|cannot|can't) (?:get|receive|have|see) (?:any |the )?|without (?:any )?|no ){_LABELS}"
    r"(?: [^?.,;]{0,20}?\b(?:immediately|in real[- ]?time|online|for (?:days|weeks|months)))?"
)

# "Precision fell from 0.82 to 0.71 over six weeks", "accuracy dropped 5% over the weekend",
# "conversion tanked": a model's metric going down, however far and however fast
_METRIC = r"(?:accuracy|precision|recall|auc|f1(?: score)?|performance|quality|conversion(?: rate)?|click-?through(?: rate)?|ctr|metrics?|predictions?)"
_DOWN = r"(?:suddenly |sharply |quietly |slowly |gradually |starts? |started |begins? )?(?:drop\w*|fell|falls?|falling|declin\w*|degrad\w*|tank\w*|decreas\w*|plummet\w*|dip\w*|goes down|went down|gets worse|got worse)"
_BY_HOW_MUCH = r"(?: (?:sharply|suddenly|by \S+|from \S+ to \S+|\S+%|over (?:the |a )?\w+(?: \w+)?|in (?:a|one) \w+|overnight|over time))*"
METRIC_DROP = rf"{_METRIC}(?: \w+){{0,4}}? {_DOWN}{_BY_HOW_MUCH}"
# "What do you check first?", "How would you troubleshoot it?": finding the cause
TRIAGE = r"(?:check|look at|look|investigate|examine|inspect) first|triag\w*|troubleshoot\w*|debug\w*|diagnos\w*|root[- ]caus\w*"

# "Reduce inference latency", "p99 latency jumped to 300 ms", "misses its 100 ms latency target",
# "the model is too slow": a latency problem to fix
_LATENCY = r"(?:(?:the |model |inference |prediction |serving |response |p\d\d |tail )*latency)"
LATENCY_PROBLEM = (
    rf"(?:reduc\w*|cut\w*|lower\w*|minimi[sz]\w*|improv\w*|optimi[sz]\w*) {_LATENCY}|bring (?:down )?{_LATENCY}(?: down)?"
    rf"|{_LATENCY} (?:(?:is|are|was|on a [\w ]+?|of [\w' ]+?) )?(?:jump\w*|spik\w*|increas\w*|rose|rises|grew|(?:is |are )?above|exceed\w*|too high)"
    r"(?: (?:from \S+ to \S+|by \S+|the sla|the slo|\S+ ?ms))*"
    rf"|miss\w* (?:its |the |a )?(?:\S+ ?ms )?latency (?:target|budget|sla|slo)|(?:is |are )?too slow"
)


# Phrase rewrites, applied to lowercased text. Longer phrases first so they win.
PHRASES: tuple[tuple[str, str], ...] = (
    (DELAYED_LABELS, "delayedlabels"),
    (METRIC_DROP, "metricdrop"),
    (TRIAGE, "triage"),
    (LATENCY_PROBLEM, "latencyproblem"),
    # a model's quality or performance is what monitoring watches: the model is the subject
    (r"model (?:quality|performance)|(?:quality|performance) of (?:a |the )?(?:deployed |live )?model", "model"),
    (r"evaluat\w* (?:a |the )?(?:live|deployed|production|running) models?", "monitor model"),
    # reproducibility is of the whole training process: "experiments are reproducible", "reproduce
    # a model trained last year" and "reproducibility of training runs" ask one thing
    (r"(?:(?:ml |machine learning )?(?:experiments?|(?:models? )?training(?: runs?)?|models?|results|runs?) (?:(?:is|are|can be|be|to be|fully) )*reproduc\w*"
     r"|reproduc\w* (?:(?:of|in|for) )?(?:a |an |the |your |my |our )?(?:ml |machine learning )?(?:experiments?|models?|training(?: runs?)?|results|runs?)(?: trained)?)",
     "reproducibility"),
    (r"(batch|online|real[- ]?time) (?:scoring|predictions?)", r"\1 inference"),
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
    (r"model artifacts?", "model"),
    (r"on[- ]?prem(?:ise|ises)?", "onprem"),
    (r"general data protection regulation|data protection (?:regulations?|laws?)", "gdpr"),
    (r"real[- ]?time|on[- ]?line", "online"),
    (r"data ?sets?", "data"),
    (r"fine[- ]?tun\w*", "finetune"),
    (r"retrieval[- ]augmented generation", "rag"),
    (r"(?:hyperparameter )?tun(?:e|ing)", "hyperparameter optimization"),
    (r"apps?\b", "application"),
    (r"experiences?|experienced", "expertise"),  # its stem would be experiment's
    (r"tools?(?:,? (?:and|or|&) (?:platforms?|frameworks?|libraries|technologies|services))+"
     r"|(?:platforms?|frameworks?|libraries|technologies)(?:,? (?:and|or|&) tools?)", "tools"),
    (r"releases?|roll(?:ing)?[- ]?outs?", "deployment"),
    (r"population stability index", "psi"),
    (r"kolmogorov[- ]smirnov(?: test)?|ks[- ]test", "ks"),
    (r"chi[- ]squared?", "chisquare"),
    (r"covariate shift", "data drift"),
    (r"(?:tell|know|find out|notice|check) (?:whether|if)", "detect"),
    # "How do you know your model has drifted?" asks how drift is detected
    (r"(?:know|tell|notice|find out|realise|realize) (?:that )?(?:your |the |a )?model (?:has|have|is) (?:started )?drift\w*",
     "detect model drift"),
    (r"(?:know|tell|notice|find out|realise|realize) (?:that )?(?:your |the )?data (?:has|have|is) (?:started )?drift\w*",
     "detect data drift"),
    (r"model (?:decay|degradation|staleness)", "model drift"),
    (r"offline (?:predictions?|inference|scoring)", "batch inference"),
    (r"trigger(?:s|ing)? (?:the |a )?(?:model )?re-?train\w*|re-?train\w*", "retrain"),
    (r"(?:training|model|experiment) runs?", "experiment"),
    (r"auto-?scal\w*", "scale"),
    (r"prior (?:probability )?shift", "label shift"),
    (r"train(?:ing)?[- /]serv(?:e|ing) skew|train(?:ing)?[- ]serving skew", "trainserveskew"),
    (r"machine learning|\bml\b", "ml"),
    (r"artificial intelligence", "ai"),
    (r"large language models?|\bllms?\b", "llm"),
    (r"version control(?:ling)?|versioning", "version"),
    (r"packag\w* (?:\w+ ){0,3}(?:in|into|as|with|using) (?:an? )?(?:docker )?(?:containers?|images?|docker)", "containerize model"),
    # one token for all of them, and not "container", whose stem is the verb "contain"
    (r"containeri[sz]\w*|containers?|docker\w*", "containerize"),
    (r"orchestrat\w*", "orchestrate"),
    (r"secur\w*", "security"),
    (r"complian\w*|compliant|compl(?:y|ies|ying|ied)", "compliance"),
    (r"governance|govern\w*", "governance"),
    (r"reproducib\w*|reproduc\w*", "reproducibility"),
    (r"rolling back|roll back|rollbacks?", "rollback"),
    (r"scal(?:e|ing|ability|able)", "scale"),
    (r"monitor\w*", "monitor"),
    (r"explainab\w*|interpretab\w*|xai", "xai"),
)
# One alternation for the whole map: a single regex pass instead of one per phrase. At any
# position the first listed phrase that matches wins, as the order above intends.
_PHRASE_RE = re.compile(r"(?<!\w)(?:" + "|".join(rf"(?P<p{i}>(?:{p})(?!\w))" for i, (p, _) in enumerate(PHRASES)) + ")")
_REPLACEMENTS = {f"p{i}": r for i, (_, r) in enumerate(PHRASES)}

# Generic words: they weigh GENERIC_WEIGHT of a normal term in similarity, and the entities a
# comparison question compares are its key terms without them.
GENERIC_WORDS = (
    "model models strategy approach method system pipeline deployment production use tool framework "
    "technique way type kind practice option platform solution process scale inference application metric serving endpoint "
    "project"
)
GENERIC_WEIGHT = 0.3
# Words that name the same list item, after stemming.
STEM_SYNONYMS = {
    "step": "stage", "phase": "stage", "kind": "type", "sort": "type",
    # verbs interview questions use for one action
    "track": "monitor", "watch": "monitor",
    "assess": "evalu", "measur": "evalu",
    "catch": "detect", "spot": "detect", "identifi": "detect",
    "cut": "reduc", "lower": "reduc", "minim": "reduc", "minimis": "reduc", "minimiz": "reduc",
    "avoid": "prevent",
}

# Question scaffolding: words that say how something is asked, not what, grouped by why
# each is dropped. Grouping compares what is left.
STOPWORD_GROUPS = {
    "grammar: articles, prepositions, auxiliaries, pronouns, question words, quantifiers": (
        "a an the and or of to in on for from with without by as at into about over under via per is are "
        "was were be been being do does did done can could would should will shall may might must what "
        "which who whom whose when where why how whether you your yours we our us i me my one they them "
        "their it its this that these those there here some any all each every other others another such "
        "same more most much many few several s e g eg ie etc like including include includes if then "
        "also so both just even now once up off out well instead not "
    ),
    "how a question is asked: prompts and filler": (
        "explain describe define definition tell discuss walk through give mean meant notion idea "
        "understand understanding know example examples briefly detail details list name ask asked got "
        "question own words word exactly basically simply really actually possibly typically usually "
        "generally often currently current fully sure already ever quick warmup say term thing things "
        "defined scenario round hands familiar lever levers pull "
    ),
    "qualifiers that do not change the subject": (
        "key main common basic important essential crucial critical vital necessary useful popular widely wide "
        "typical particular particularly specific specifically overall pertinent various new real world "
        "real-world traditional classical classic conventional regular relative actual true false good "
        "bad better best complex challenging difficult tough hardest pretty available recommend ecosystem "
        "landscape "
    ),
    "light verbs: the action is in the object": (
        "have has had prefer preferred based build building create creating make making set setup design "
        "designing put ensure handle address deal tackle manage achieve implement implementing use used "
        "using utilize utilise leverage leveraging apply applying help helps helping work worked led lead "
        "run running take taking go going get gets getting start starts starting decide deciding choose "
        "choosing pick bring brings offer offers provide provides perform conduct carry guarantee "
        "introduce introduces belong belongs happen happens play plays solve solves invest write justify "
        "insist reach want wanted bother plan feeding launch pin pinned stand stands "
    ),
    "intent words: read by the intent rules, not compared as terms": (
        "role importance purpose benefit benefits advantage advantages value need needs needed required "
        "require requires matter matters difference differences different differ differs differentiate "
        "distinguish compare comparison contrast between against versus vs vs. v among relationship trade "
        "tradeoff tradeoffs reason reasons problem problems concern concerns consideration considerations apart "
        "separate separates issue issues rather than vice versa sense "
    ),
    "where it is asked, not what: context": (
        "production productions prod environment environments workflow workflows team teams organisation "
        "organisations organization organizations company companies business businesses context involved "
        "involve adopt adopting adoption mode performance mechanism mechanisms system systems workload "
        "workloads strategy strategies technique techniques method methods way ways practice practices "
        "approach approaches ml day days loop onsite hm "
    ),
    "reported speech and experience scaffolding": (
        "fumbled felt someone open ended time trouble face faced overcome overcame after before end "
    ),
    "counts and asides": (
        "two three multiple powered straight regard respect respects given alongside suited event events "
        "signal signals condition conditions ingredients "
    ),
}
STOPWORDS = frozenset(word for words in STOPWORD_GROUPS.values() for word in words.split())

DEFINITION, HOWTO, WHY, COMPARISON, LIST, EXPERIENCE = (
    "definition", "how-to", "why", "comparison", "list", "experience",
)

_EXPERIENCE = re.compile(
    r"\b(have you ((ever|actually|personally|previously|already) )?(used|worked|built|led|faced|done|deployed|had|implemented|managed|encountered|handled)|"
    r"you(?:'ve| have) (used|worked|built|led|faced|done|deployed|had|implemented|managed|encountered|handled)|"
    r"tell me about|describe (a|an|the|your) (time|situation|project|case|challenge)|walk me through (a|an|your) (\w+ )?(project|time)|"
    r"your (?:experience|expertise)|you (led|worked on|built|faced)|which ones do you prefer|how are you preparing|a project you|"
    r"are you familiar with|your familiarity with)\b"
)
_COMPARISON = re.compile(
    r"\b(difference|differences|differ|differs|different from|differentiate|distinguish\w*|compares?|relates? to|diverge|separates?|"
    r"contrast|versus|vs\.?|trade-?offs? between|how is .+ different|choose between|instead of|compared|preferable to|"
    r"when to use each|(pick|choose|prefer|use) .+ over|sets? .+ apart from|rather than|makes? more sense than)\b"
)
_LIST_NOUNS = (
    r"(stages|steps|components|types|kinds|tools|challenges|ways|risks|trends|phases|metrics|"
    r"techniques|pillars|principles|parts|elements|levels|categories|options|practices|strategies)"
)
_LIST_NOUN = re.compile(rf"\b{_LIST_NOUNS}\b")
_LIST = re.compile(
    rf"^(what|which) (are|were) (the |some )?([\w']+ ){{0,3}}{_LIST_NOUNS}\b"
    rf"|^(what|which) (types|kinds|sorts) of\b"
    rf"|^(explain|describe|list|name|enumerate|mention) (the |some )?(\w+ ){{0,3}}{_LIST_NOUNS}\b"
    rf"|^(what|which) (\w+ ){{0,2}}{_LIST_NOUNS} do you know\b|^(what|which) (\w+ ){{0,2}}(tools|frameworks|libraries)\b"
    r"|^(what|which) (\w+ )?(challenges|risks|components|stages|phases|trends|problems|pitfalls) "
    r"(do|does|can|could|would|should|are|is|make|arise)\b"
    r"|^(list|name|enumerate)\b|^(common|key|main) \w+|^(challenges)\b"
)
# "What do you mean by X?" and "What do you understand by X?" ask for a definition.
_DEFINITION = re.compile(
    r"^what (do|does) (you|one|we) (mean|understand|know)\b|^what is meant by\b|^how (would|do|can) you (define|describe)\b"
    r"|[:.\-] (definition|define it|what is it)\??$|\bmean to you\b"
)
_WHY = re.compile(
    r"^what (does|do|can) .+ (give|bring|offer|buy) (you|us)\b|^what (problems?|pain points?) (does|do|can) .+ solve\b"
    r"|^(explain|describe|discuss) why\b|[:.\-] why( bother| you need it\b.*)?\??$|^what (is|are) .+ used for$|^why\b|\b(importance|purpose|role|benefits?|advantages?|value (?:of|does|do|can)|what value|need for|why (is|are|do|does|should|would))\b"
    r"|^how (does|do|can|could) .+ (help|helps|benefit|assist|support)\b"
)
_HOWTO = re.compile(
    r"^how (do|would|can|should|could|will|to|does one|is .+ (done|achieved|implemented))\b|"
    r"^what (should |would |will |can )?retrain\b|"  # "What triggers a retrain?", after the phrase map
    r"^how often\b|^what factors\b|\byou would (build|design|set up|create|implement)\b|"
    r"^(what|which) (steps|strategies|techniques|approach|approaches|methods|practices|measures|tools or frameworks) "
    r"(do|would|can|should|could|will|are used|have you)|"
    r"\bhow (do |would |can |should )?(you|we|one|i)\b|\bapproach to\b|\bhow to\b|"
    r"^(what|which) (\w+ ){0,2}(should|would|do|does|can) (you|we|one|i|be)\b|^(what|which) (\w+ ){0,2}should\b|^when (should|would|do|does|to|is it)\b|^(design|build|implement|set up|create)\b"
    r"|[:.\-] how\??$|\bwhat is your (\w+ ){0,2}(plan|approach|strategy|process|playbook)\b"
)
_SUBORDINATE = re.compile(
    r"\s(?:before|after|while|once|so that|such that|whenever|without)\s"
    r"|\sto (?:handle|cope with|deal with|support|absorb|meet|keep up with)\s"  # "scale serving to handle high traffic"
    r"|\s(?:for|under|with) (?:high|heavy|large|peak|spiky) (?:traffic|load|volume)"
)
_YOU_DO = re.compile(r"^how (do|would|can|should|could|will) (you|we|i|one)\b")
_CONTRAST = re.compile(r"\b(differ\w*|different|distinguish\w*|versus|vs\.?|between)\b")
# "How would you choose between batch and online inference?" asks for a decision procedure
# ("When would you choose batch over online inference?" compares the two, like "X vs Y")
_DECIDE = re.compile(r"^how (do|would|should|can|will) (you|we|i|one) (choose|decide|pick)\b")
# A clause that starts like a question; a bare "Blue-green or canary" does not, so its intent
# is read from the whole question instead.
_ASKS = re.compile(
    r"^(what|how|why|which|when|where|who|is|are|do|does|can|could|would|should|explain|describe|define|list|name|"
    r"compare|tell|discuss|walk|give|design|build|implement|mention|state|contrast|differentiate|distinguish)\b"
)
# "Blue-green or canary", "Batch vs online inference": a comparison without a question word
_BARE_COMPARISON = re.compile(r"\w (or|vs\.?|versus) \w")
_CLAUSE_BREAK = re.compile(
    r"(?:[,;:?]|\s-\s|\s&\s|\s\+\s)\s*(?:and\s+|but\s+)?(?=(?:how|what|why|which|when|where|who|is|are|do|does|can|could|would|should)\b)"
    r"|\s(?:and|&)\s+(?=(?:how|what|why|which|when|where|who)\b)|\?\s+|\.\s+|\s+if\s+"
    r"|,?\s(?:and|&)\s+(?:under|in|for|with|at|on|to)\s+(?=(?:what|which)\b)"
)


@dataclass(frozen=True)
class Signature:
    """What grouping compares for one question."""

    intent: str
    terms: frozenset[str]
    normalized: str  # whole question, normalized: exact duplicates always group

    compared: frozenset[str] = frozenset()  # terms of the compared phrases, when found
    # Other intents the question also asks, without a new subject: "What is X, and why is it
    # needed?" asks a definition and a why.
    also: frozenset[str] = frozenset()
    # The practice a how-to names by its verb: "How do you version models?" -> "version". It
    # may match a definition of that practice ("What is model versioning?"), not any definition
    # of its object ("How do you detect data drift?" is not "What is data drift?").
    practice: str = ""

    @property
    def entities(self) -> frozenset[str]:
        return frozenset(t for t in (self.compared or self.terms) if t not in GENERIC)


# "tools like Airflow, Kubeflow, or Prefect": named examples, recognised by their capitals
_NAMED_EXAMPLES = re.compile(r"\b(?:like|such as|including)\s+[A-Z][\w.+-]*(?:(?:,\s*(?:or\s+|and\s+)?|\s+(?:or|and)\s+)[A-Z][\w.+-]*)*")


_CONTRACTIONS = (
    ("what's", "what is"), ("i'd", "i would"), ("we'd", "we would"), ("you'd", "you would"),
    ("it's", "it is"), ("that's", "that is"), ("doesn't", "does not"), ("don't", "do not"),
    ("isn't", "is not"), ("you're", "you are"), ("i'm", "i am"),
)
# Reported speech and lead-ins before the real question.
_PREAMBLE = re.compile(
    r"^(?:[^?]{0,60}?\b(?:(?:asked(?: me)?(?: about)?|wanted me to|opened with(?: basically)?|came up)\b[:,]?|(?:question|one)\s?[:,-])\s*"
    r"(?:\w+ ){0,1}?)(?=(?:how|what|why|when|which|whether|to|explain|walk|compare|describe|define)\b)"
)


_PUNCTUATION = str.maketrans({"’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def clean(text: str, asides: bool = False) -> str:
    """Lowercase, normalised text. Unless `asides`, drop what doesn't change what is asked:
    examples, parenthetical expansions, "in your own words". (Topic assignment keeps them:
    "such as PSI or KS" says which topic a question belongs to.)"""
    text = unicodedata.normalize("NFKC", text)
    text = LIST_NUMBER.sub("", text)  # "Q12. What is ...": the source's numbering, not the question
    if not asides:
        text = _NAMED_EXAMPLES.sub(" ", text)  # needs the capitals, so before casefold
    text = text.casefold().translate(_PUNCTUATION)
    if asides:
        return re.sub(r"\s+", " ", text).strip()
    for short, full in _CONTRACTIONS:
        text = text.replace(short, full)
    # "They asked me how I would ...", "Onsite question: what is ..." -> the question itself
    text = _PREAMBLE.sub("", text)
    # asides, examples and expansions don't change what is asked: "(CT)", "(e.g. Kubeflow)",
    # "such as Airflow", "in your own words"
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r"\b(?:e\.g\.?|for example|for instance)\s[^,;:?]*", " ", text)
    text = re.sub(r"\b(?:in your own words|with an example|pros and cons|in the context of|in detail|in simple terms|in plain (?:terms|english|words)|in layman'?s terms|in a nutshell|"
                  r"as defined by \w+|end[- ]to[- ]end|at scale|kind of|at all|imo|step by step|beyond the (?:buzzword|buzzwords|hype))\b", " ", text)
    text = re.sub(r"\b(?:using an example|including|in terms of)\b[^?]*", " ", text)
    # another name for the same thing: "What is concept drift, also called model drift?"
    text = re.sub(r",? (?:also (?:called|known as|referred to as)|sometimes called|otherwise known as|a\.?k\.?a\.?) [^,?;]*", " ", text)
    # when: "a model trained six months ago", "reproduced months later", "last quarter"
    text = re.sub(r"\b(?:(?:a few|a couple of|several|many|some|\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve) )?(?:days?|weeks?|months?|quarters?|years?) (?:later|ago|from now|down the line)\b"
                  r"|\blast (?:week|month|quarter|year)\b", " ", text)
    text = re.sub(r"\s[<>]\s", " vs ", text)  # "Bandits > A/B tests?"
    text = re.sub(r"\*\*|__|`", "", text)
    return re.sub(r"\s+", " ", text).strip()


# Context that says where a question is asked, not what: "... in MLOps", "... in production".
_CONTEXT = re.compile(
    r"\b(?:in|for|within|across|to|into) (?:an? |the |your )?(?:mlops|ml|ai)"
    r"(?: (?:workflows?|pipelines?|systems?|projects?|context|environments?|teams?|settings?|world|stacks?|work))?\b"
    r"|\b(?:in|into|to) (?:a |the )?production(?: (?:systems?|environments?|settings?))?\b"
    r"|\b(?:ml|deployed|production|live) (?=models?\b)|\bafter deployment\b"
    r"|\b(?:the )?(?:concept|notion|idea|term) of\b"
)


def _replace(match: re.Match) -> str:
    replacement = _REPLACEMENTS[match.lastgroup]
    if "\\1" in replacement:  # "(batch|online) scoring" -> "<same word> inference"
        first = match.group(match.lastgroup).split()[0]
        return replacement.replace("\\1", "online" if first.startswith("real") else first)
    return replacement


@lru_cache(maxsize=65536)
def rewrite(text: str, context: bool = True) -> str:
    """Apply the phrase map; with `context`, also drop "in MLOps"-style context."""
    text = _PHRASE_RE.sub(_replace, text)
    return _CONTEXT.sub(" ", text) if context else text


def clauses(text: str) -> list[str]:
    return [p for p in _CLAUSE_BREAK.split(text) if p and p.strip()] or [text]


def first_clause(text: str) -> str:
    return clauses(text)[0]


def intent_of(clause: str, whole: str = "") -> str:
    """Intent of the first clause; a clause that doesn't ask anything defers to the whole question."""
    clause = clause.strip(" ?.!")
    if not _ASKS.search(clause) and _BARE_COMPARISON.search(clause):
        return COMPARISON  # a bare "Batch or real-time inference"
    text = clause if _ASKS.search(clause) or not whole else whole.strip(" ?.!")
    if _DEFINITION.search(text):
        return DEFINITION
    if _EXPERIENCE.search(text):
        return EXPERIENCE
    if _DECIDE.search(text):
        return HOWTO
    if _COMPARISON.search(text) and not (_YOU_DO.search(text) and not _CONTRAST.search(text)):
        return COMPARISON  # "How do you track experiments and compare runs?" is a how-to
    if _WHY.search(text):
        return WHY
    if _LIST.search(text):
        return LIST
    if _HOWTO.search(text):
        return HOWTO
    return DEFINITION


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word)


def terms_of(clause: str) -> frozenset[str]:
    words = re.findall(r"[a-z0-9][a-z0-9']*", clause.replace("'s", ""))
    return frozenset(term(w) for w in words if w not in STOPWORDS and not w.isdigit() and len(w) > 1) - STEMMED_STOPWORDS


def term(word: str) -> str:
    """A word as a key term: its stem, or the stem it is a synonym of."""
    stemmed = stem(word)
    return STEM_SYNONYMS.get(stemmed, stemmed)


STEMMED_STOPWORDS = frozenset(_STEMMER.stemWord(w) for w in STOPWORDS)
GENERIC = frozenset(_STEMMER.stemWord(w) for w in GENERIC_WORDS.split())


_SIDE = r"((?:[\w/'-]+ ){0,3}[\w/'-]+)"  # a compared phrase: up to four words
_END = r"(?=\s*(?:[,?.:;!]|$)|\s(?:in|for|when|and|to|with|from|on|at|if|as|of|which|what|how|why)\b)"
_COMPARED = (
    re.compile(rf"{_SIDE}((?:, {_SIDE})+),? and {_SIDE} (?:differ|compare|relate)"),  # "How do X, Y and Z differ?"
    re.compile(rf"\bbetween {_SIDE}((?:, {_SIDE})*),? and {_SIDE}{_END}"),
    re.compile(rf"{_SIDE} (?:vs\.?|versus|or) {_SIDE}(?: (?:vs\.?|versus|or) {_SIDE})?{_END}"),
    re.compile(rf"{_SIDE} (?:differs?|different) from {_SIDE}{_END}"),
    re.compile(rf"\bcompare {_SIDE} (?:and|with|to) {_SIDE}{_END}"),
    re.compile(rf"{_SIDE} and {_SIDE} compare\b"),
    re.compile(rf"{_SIDE} (?:compared (?:with|to)|instead of|over|preferable to|apart from|rather than(?: as)?|makes? more sense than) {_SIDE}{_END}"),
)


def compared_terms(text: str) -> frozenset[str]:
    """Terms of the things a comparison compares ("between X and Y", "X vs Y", "X differ from Y")."""
    for pattern in _COMPARED:
        match = pattern.search(text)
        if match:
            sides = " ".join(g for g in match.groups() if g)
            terms = terms_of(sides)
            if len(terms - GENERIC) >= 2:
                return terms
    return frozenset()


# The verb of "How do you <verb> ...", after a light verb: "How do you perform A/B testing?"
_PRACTICE_VERB = re.compile(r"^how (?:do|would|can|should|could|will) (?:you|we|i|one) (?:\w+ly )?(?:(?:perform|conduct|carry out) )?(\w+)")


def _also(intent: str, terms: frozenset[str], parts: list[str]) -> frozenset[str]:
    """Intents a question asks besides its main one (see Signature.also). A later clause counts
    only when it brings at most one new key term: "and why is it important?" adds none, "and
    what metadata should each registered version record?" adds a subject of its own."""
    if intent == COMPARISON:
        return frozenset()
    extra = {intent_of(p) for p in parts[1:] if len(terms_of(p) - terms - GENERIC) <= 1}
    if intent == WHY and _ROLE.search(parts[0]):
        extra.add(DEFINITION)  # "What role does X play?" also asks what X is
    return frozenset(extra - {intent, COMPARISON})


def _practice(intent: str, terms: frozenset[str], clause: str) -> str:
    """The verb of "How do you <verb> ...?" when it is a key term (see Signature.practice)."""
    verb = _PRACTICE_VERB.search(clause)
    if intent != HOWTO or not verb:
        return ""
    practice = term(verb.group(1))
    return practice if practice in terms else ""


_LIFECYCLE = stem("lifecycle")
# Problems a scenario may describe, as the key terms their phrase rewrites become
PROBLEMS = frozenset(stem(t) for t in ("delayedlabels", "metricdrop", "latencyproblem"))
# A why that reads as much like a definition: "What is the role of X?", "What is X used for?"
_ROLE = re.compile(r"\b(?:role|purpose)\b|\bused for\b|^what problems? (?:does|do|can) .+ solve\b")
# "..., and how does it differ from Y?": the pronoun makes the question a comparison of X and Y
# ("What do you check first?" and "What should you do?" ask about the situation just described.)
_REFERS_BACK = re.compile(r"\b(?:it|they|them|this|that|its|their|triage)\b|\bwhat (?:should|would|do|can) (?:you|we|i) do\b")


def _compared_later(intent: str, terms: frozenset[str], parts: list[str]) -> frozenset[str]:
    """Entities of "What is X, and how does it differ from Y?": X's terms and Y's; else empty."""
    if intent == COMPARISON:
        return frozenset()
    for part in parts[1:]:
        other = terms_of(part) - GENERIC - terms
        if intent_of(part) == COMPARISON and _REFERS_BACK.search(part) and other and terms - GENERIC:
            return terms | other
    return frozenset()


# Context words that are rarely the point: "MLOps tools" asks about tools.
_CONTEXT_TERMS = frozenset({"mlop"})


def _skip_lead_in(parts: list[str]) -> list[str]:
    """"Phone screen opener for me: what is MLOps?" -> from "what is MLOps?" on. Only a short
    lead-in that asks nothing gives way, to a later clause that asks something of its own: a
    bare "Batch vs online" does ask; a scenario's stem ("After an update, p99 latency jumps to
    700 ms.") is the subject of its "How would you fix it?"; and "Hallucinations in prod. How do
    you detect them?" refers back to its lead-in."""
    first = parts[0]
    if _ASKS.search(first) or _BARE_COMPARISON.search(first) or len(terms_of(first)) > 3:
        return parts
    asking = [i for i, p in enumerate(parts) if _ASKS.search(p) and terms_of(p) and not _REFERS_BACK.search(p)]
    return parts[asking[0]:] if asking else parts


def _asking_clause(parts: list[str]) -> str:
    """A scenario's question: "Labels arrive 60 days late. You need an early warning. What
    should you do?" asks a how-to, whatever its stem says; the last clause that asks tells."""
    if _ASKS.search(parts[0]):
        return ""
    asking = [p for p in parts[1:] if _ASKS.search(p.strip())]
    return asking[-1] if asking else ""


@lru_cache(maxsize=65536)
def signature(question: str) -> Signature:
    text = clean(question)
    rewritten = rewrite(text)
    parts = _skip_lead_in(clauses(rewritten))
    clause = parts[0]
    terms = terms_of(clause)
    if not terms:  # "What are the benefits of MLOps?": the context is the subject
        terms = terms_of(first_clause(rewrite(text, context=False)))
    asking = _asking_clause(parts)
    intent = intent_of(clause, asking or rewritten)
    if intent == HOWTO:  # "How do you validate data before it enters a pipeline?": the tail is circumstance
        main_terms = terms_of(_SUBORDINATE.split(clause, maxsplit=1)[0])
        terms = (main_terms or terms) - {"stage"}  # "What steps do you take to X?" asks how to X
    if asking and terms & PROBLEMS and parts[1] == asking:
        # a scenario is the problem it describes and what it asks: "p99 latency jumped from
        # 40 ms to 300 ms after you switched to a larger model. What levers do you pull?" asks
        # how to fix latency. (A scenario that adds a need of its own, "You need to restore the
        # previous behaviour fast", keeps every term.)
        terms = (terms & PROBLEMS) | terms_of(asking)
    if intent == LIST:  # "challenges of deploying" and "strategies for deploying" are different lists
        noun = _LIST_NOUN.search(clause)
        if noun:
            terms = terms | {term(noun.group(1))}
    if intent in (LIST, DEFINITION) and _LIFECYCLE in terms:
        # a lifecycle is its stages: "Explain the ML lifecycle", "What are the steps of the
        # MLOps lifecycle?" and "Walk me through the lifecycle of a model" ask one thing
        intent, terms = DEFINITION, terms - {"stage"}
    compared = compared_terms(rewritten) if intent == COMPARISON else frozenset()
    later = _compared_later(intent, terms, parts)
    if later:
        intent, terms, compared = COMPARISON, later, later
    if intent != COMPARISON and terms - _CONTEXT_TERMS:
        terms -= _CONTEXT_TERMS
    also = _also(intent, terms, parts)
    normalized = " ".join(re.findall(r"[a-z0-9]+", rewritten))
    return Signature(intent=intent, terms=terms, normalized=normalized, compared=compared, also=also,
                     practice=_practice(intent, terms, parts[0]))
