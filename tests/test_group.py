"""Grouping: intents, comparisons, complete linkage, overrides, quality on a labelled set."""
import random
import sys
from pathlib import Path

import pytest

from handbook.group import Overrides, group
from handbook.model import Question
from handbook.normalize import signature

import labelled


def q(text: str, n: int, article: str = "a") -> Question:
    return Question(id=f"{article}/q{n:03d}", article=article, text=text, line=n, level="mid", answer="x")


def grouped_texts(texts: list[str], **kwargs) -> list[set[str]]:
    result = group([q(t, i, f"a{i}") for i, t in enumerate(texts)], **kwargs)
    return sorted((set(x.text for x in g) for g in result.groups), key=lambda s: sorted(s))


@pytest.mark.parametrize(
    "text, intent",
    [
        ("What is model drift?", "definition"),
        ("Explain canary releases.", "definition"),
        ("How do you handle model drift in production?", "how-to"),
        ("What strategies do you use to handle model drift?", "how-to"),
        ("Explain how you ensure compliance with GDPR.", "how-to"),
        ("Why is MLOps important?", "why"),
        ("What is the role of version control in MLOps?", "why"),
        ("How does MLOps differ from DevOps?", "comparison"),
        ("Canary vs blue-green?", "comparison"),
        ("What are the key stages of an MLOps pipeline?", "list"),
        ("What MLOps tools have you used?", "experience"),
        ("Tell me about a project you led.", "experience"),
        # a scenario's stem asks nothing; its last asking clause gives the intent
        ("Fraud labels arrive 60 days late. You need an early warning. What should you do?", "how-to"),
        ("Precision fell from 0.82 to 0.71 over six weeks. What do you look at first?", "how-to"),
        ("A new model wins offline but loses online. Why might that happen?", "why"),
        ("What sets MLOps apart from DevOps?", "comparison"),
        ("Explain blue-green deployment and how it compares with a canary rollout.", "comparison"),
        ("Data drift and concept drift are not the same thing. What separates them?", "comparison"),
        ("What are Google's MLOps maturity levels?", "list"),
        ("When would you run a model in shadow mode rather than as a canary?", "comparison"),
        ("When does batch inference make more sense than online inference?", "comparison"),
        ("What is your rollback plan when a new model misbehaves?", "how-to"),
    ],
)
def test_intent(text, intent):
    assert signature(text).intent == intent


def test_synonyms_and_acronyms_normalise_to_one_term():
    assert signature("What is TFDV?").terms == signature("What is TensorFlow Data Validation?").terms
    assert signature("What is k8s?").terms == signature("What is Kubernetes?").terms
    assert "cicd" in signature("Role of CI/CD pipelines?").terms
    assert "abtest" in signature("Explain A/B testing").terms
    assert signature("Why is Docker used?").terms == signature("Why is containerization used?").terms
    assert "contain" in signature("What does a model registry contain?").terms  # the verb, not a container
    assert signature("What tools and frameworks have you used?").terms == signature("Which tools have you used hands-on?").terms


def test_paraphrased_comparisons_merge_in_any_order():
    texts = ["What is the difference between MLOps and DevOps?", "How does MLOps differ from DevOps?", "Difference between DevOps and MLOps?"]
    assert grouped_texts(texts) == [set(texts)]


def test_same_topic_different_intent_stays_apart():
    texts = ["What is model drift?", "How do you handle model drift in production?"]
    assert len(grouped_texts(texts)) == 2


def test_a_short_second_clause_adds_its_intent():
    """"What is X, and why is it needed?" can join either "What is X?" or "Why X?", never both."""
    compound = "What is a feature store, and why would a team adopt one?"
    assert {signature(compound).intent} | signature(compound).also == {"definition", "why"}
    assert grouped_texts([compound, "What is a feature store?"]) == [{compound, "What is a feature store?"}]
    three = grouped_texts([compound, "What is a feature store?", "Why do teams use a feature store?"])
    assert len(three) == 2  # complete linkage: the definition and the why stay apart
    # a second clause with a subject of its own adds nothing
    registry = signature("What is a model registry, and what metadata should every registered version record?")
    assert registry.also == frozenset()


def rules_match(a: str, b: str) -> bool:
    """The merge rules' score reaches the threshold (a sure merge, or a suggestion ranked by it)."""
    from handbook.group import THRESHOLD, score, term_weights
    x, y = signature(a), signature(b)
    return score(x, y, term_weights([x, y]))[0] >= THRESHOLD


def test_the_verb_of_a_how_to_can_name_the_practice_being_defined():
    assert rules_match("What is model versioning?", "How do you version machine learning models?")
    assert rules_match("What is A/B testing?", "How do you perform A/B testing?")
    # a match across intents is never sure: the pair is a suggestion for a person, not a merge
    assert len(grouped_texts(["What is model versioning?", "How do you version machine learning models?"])) == 2
    # "handle" is not the practice: defining drift and handling it stay different questions
    assert signature("How do you handle model drift in production?").practice == ""
    assert not rules_match("What is model drift?", "How do you handle model drift?")
    # the practice must be what the definition defines: detecting drift is not defining drift
    assert not rules_match("What is data drift?", "How do you detect data drift?")
    assert rules_match("What is data drift detection?", "How do you detect data drift?")


def test_comparisons_of_different_things_stay_apart():
    texts = ["What is A/B testing?", "A/B testing vs multi-armed bandits?", "Data drift vs concept drift?", "Concept drift vs label shift?"]
    assert len(grouped_texts(texts)) == 4


def test_a_comparison_with_one_qualifier_more_compares_the_same_things():
    groups = grouped_texts([
        "A/B testing vs canary release?",
        "How does an online A/B test differ from a canary release?",
        "How do canary and blue-green deployments compare?",
        "Blue-green vs canary?",
        "A/B testing vs canary vs shadow deployment?",
        "What is CT, and how does it differ from CI and CD?",
        "What is the difference between CI and CD?",
    ])
    assert {"A/B testing vs canary release?", "How does an online A/B test differ from a canary release?"} in groups
    assert {"How do canary and blue-green deployments compare?", "Blue-green vs canary?"} in groups
    assert {"A/B testing vs canary vs shadow deployment?"} in groups  # a third thing, not a qualifier
    assert {"What is CT, and how does it differ from CI and CD?"} in groups
    assert signature("How do MLOps, ModelOps and AIOps differ from each other?").entities == {"mlop", "modelop", "aiop"}
    assert signature("What is concept drift, also called model drift?").terms == signature("What is concept drift?").terms


def test_concepts_phrased_many_ways_are_one_term():
    """Delayed labels, a metric going down and reproducibility are asked about in many words."""
    delayed = [
        "How do you monitor a model when ground truth labels don't show up for weeks?",
        "How would you monitor model quality when labels are delayed by days or weeks?",
        "How would you evaluate a live model when ground-truth labels only arrive weeks later?",
        "How do you monitor a model when you don't get ground truth in real time?",
    ]
    drop = [
        "Scenario: model accuracy dropped 5% over the weekend, what do you check first?",
        "Precision on a fraud model fell from 0.82 to 0.71 over six weeks. What do you look at first?",
        "Model accuracy dropped 5% over the weekend. How would you triage it?",
    ]
    reproducible = [
        "How do you ensure reproducibility of ML experiments?",
        "How do you guarantee that you can reproduce a model trained six months ago?",
        "What steps do you take to make a training run reproducible end to end?",
        "How do you guarantee that an experiment can be reproduced months later?",
    ]
    apart = ["How do you monitor a model in production?", "How do you handle noisy labels?",
             "What is your approach to experiment tracking and reproducibility?"]
    groups = grouped_texts(delayed + drop + reproducible + apart)
    assert set(delayed) in groups and set(drop) in groups and set(reproducible) in groups
    assert {"How do you monitor a model in production?"} in groups



def test_a_scenario_asks_about_the_problem_it_describes():
    groups = grouped_texts([
        "How do you reduce inference latency?",
        "p99 latency jumped from 40ms to 300ms after you switched to a larger model. What levers do you pull?",
        "Model is too slow in prod, how would you bring the p99 latency down?",
        # a scenario that adds a need of its own is about that need
        "After you deploy a new model version, conversion drops sharply. You need to restore the previous "
        "behavior as quickly as possible. What should you do?",
        "Model accuracy dropped 5% over the weekend. How would you triage it?",
    ])
    assert len(groups) == 3
    assert {"Model accuracy dropped 5% over the weekend. How would you triage it?"} in groups


def test_experience_is_not_experiment():
    assert not signature("Tell me about your experience monitoring ML systems.").terms & signature("What is experiment monitoring?").terms - {"monitor"}
    assert signature("What is your experience with MLflow?").intent == "experience"


def test_complete_linkage_does_not_chain():
    # A~B and B~C score above the threshold, A~C does not: a chaining method would make one group.
    a, b, c = "How do you monitor model latency?", "How do you monitor model latency and drift?", "How do you monitor model drift?"
    from handbook.group import THRESHOLD, score, term_weights
    sigs = [signature(t) for t in (a, b, c)]
    w = term_weights(sigs)
    assert score(sigs[0], sigs[1], w)[0] >= THRESHOLD and score(sigs[1], sigs[2], w)[0] >= THRESHOLD
    assert score(sigs[0], sigs[2], w)[0] < THRESHOLD
    groups = grouped_texts([a, b, c])
    assert len(groups) >= 2 and all(len(g) <= 2 for g in groups)


def test_identical_wording_always_groups():
    assert grouped_texts(["What is MLOps?", "What is MLOps?"]) == [{"What is MLOps?"}]


def test_overrides_force_and_forbid():
    qs = [q("What is model drift?", 1, "a"), q("How do you handle drift?", 2, "b"), q("What is MLOps?", 3, "c"), q("Define MLOps.", 4, "d")]
    forced = group(qs, Overrides(merge=(("a/q001", "b/q002"),), keep_apart=(("c/q003", "d/q004"),)))
    as_ids = sorted(sorted(x.id for x in g) for g in forced.groups)
    assert ["a/q001", "b/q002"] in as_ids
    assert ["c/q003"] in as_ids and ["d/q004"] in as_ids


def test_grouping_is_independent_of_input_order():
    questions, _ = labelled.load()
    expected = [[x.id for x in g] for g in group(questions).groups]
    shuffled = questions[:]
    random.Random(7).shuffle(shuffled)
    assert [[x.id for x in g] for g in group(shuffled).groups] == expected


def test_quality_on_the_hand_labelled_set():
    """The development set's labeller files "What is X, and why is it important?" with "Why X?";
    most independent labellers (sets 4, 5, 7, 9 and the second labeller of sets 5-9) file it
    with "What is X?", and so does the engine. Those seven pairs are this set's only wrong ones:
    0.95 / 0.95 (1.00 / 0.98 under the set's own convention). Sure merges only (group.SURE_TERMS;
    the rest become suggestions): 0.94 / 0.87."""
    questions, label = labelled.load()
    precision, recall = labelled.pairwise(group(questions).groups, label)
    assert precision >= 0.94, precision
    assert recall >= 0.85, recall


def test_quality_on_the_second_labelled_set():
    """182 questions in the style of six other published lists, labelled by someone who had not
    seen the engine. Measured blind on first use: precision 0.94, recall 0.44. The normaliser
    was then improved with general rules (intent phrasings, asides, generic words), so this is
    now a regression test, not a held-out measure. Later general rules (lifecycle = its stages,
    "know your model has drifted" = detect drift) took it to 0.96 / 0.93."""
    questions, label, _ = labelled.load_tagged()
    precision, recall = labelled.pairwise(group(questions).groups, label)
    assert precision >= 0.95, precision
    assert recall >= 0.9, recall


def test_quality_on_the_third_labelled_set():
    """150 questions in casual, quiz, newsletter and scenario styles ("They asked me how I'd
    roll back...", "Feature stores - why?"), written blind. First blind measure: precision 0.56,
    recall 0.07. General fixes (reported speech, contractions, fragments, compared phrases)
    brought it to 1.00 / 0.38. Recall on scenario questions stays low, and this guards the
    gain: long scenario questions rarely share enough words to merge."""
    questions, label, _ = labelled.load_tagged(labelled.THIRD)
    precision, recall = labelled.pairwise(group(questions).groups, label)
    assert precision >= 0.95, precision
    assert recall >= 0.3, recall


def test_quality_on_the_fourth_labelled_set():
    """121 questions imitating four typical published list articles, written blind. First blind
    measure: precision 0.85, recall 0.35 (its labeller also merges "What is X?" with "What is
    the role of X?", which the engine keeps apart by intent). After three general fixes
    (distinguish/relate/diverge as comparison, "tell whether" as detect, "What challenges do
    teams face" as a list, batch/online "scoring" as inference, how-to questions compared on their
    main clause): 0.95 / 0.51. Then second-clause intents ("What is X, and why is it needed?"),
    the how-to verb that names a practice ("How do you version models?"), and "MLOps" as context
    in "MLOps tools": 0.946 / 0.67. Its three wrong pairs are one disagreement between labellers:
    this one puts "What is MLOps, and why is it important?" with "What is MLOps?", the second and
    the dev set with the benefits of MLOps, where the engine puts it. Sure merges only (group.SURE_TERMS;
    the rest become suggestions): 1.00 / 0.62."""
    questions, label, _ = labelled.load_tagged(labelled.FOURTH)
    precision, recall = labelled.pairwise(group(questions).groups, label)
    assert precision >= 0.94, precision
    assert recall >= 0.6, recall


def test_quality_on_the_fifth_labelled_set():
    """137 questions imitating five real published lists (numbered Q&A posts, scenario lists,
    flash cards, an LLMOps Q&A), written blind by a helper who searched for real articles.
    Measured blind on first use: precision 0.93, recall 0.42 (the previous engine: 0.96 / 0.34).
    Fixes it prompted: "What is X and how does it differ from Y?" is a comparison of X and Y,
    "What role does X play?" may also join "What is X?", RAG and fine-tuning as terms, a lead-in
    "one:" only with its colon: 1.00 / 0.59. Sure merges only (group.SURE_TERMS;
    the rest become suggestions): 1.00 / 0.55."""
    questions, label, _ = labelled.load_tagged(labelled.FIFTH)
    precision, recall = labelled.pairwise(group(questions).groups, label)
    assert precision >= 0.95, precision
    assert recall >= 0.53, recall


def test_quality_on_the_sixth_labelled_set():
    """140 questions imitating a GitHub list, a company-specific report, a candidate's interview
    review, a PDF question bank and staff-level design scenarios, written blind. Measured blind
    on first use: precision 0.88, recall 0.50 (the previous engine: 0.89 / 0.43). Most wrong
    pairs are a labelling choice: this labeller keeps "What is X, and why is it important?" apart
    from both "What is X?" and "Why X?", where the fourth and fifth join it to the definition.
    After "have you actually used", "value ranges" no longer read as a why, and "crucial",
    "belong" and "MLOps stack" as scaffolding: 0.91 / 0.55. After a comparison may carry one
    qualifier more ("an online A/B test" vs "an A/B test"): 0.92 / 0.59. After "What is X, and
    why...?" joins "What is X?" as most labellers file it (this one keeps it apart from both):
    0.86 / 0.63. Sure merges only (group.SURE_TERMS;
    the rest become suggestions): 0.87 / 0.54."""
    questions, label, _ = labelled.load_tagged(labelled.SIXTH)
    precision, recall = labelled.pairwise(group(questions).groups, label)
    assert precision >= 0.85, precision
    assert recall >= 0.52, recall


def test_quality_on_the_seventh_labelled_set():
    """136 questions imitating five big tutorial-site and Medium lists (DataCamp, igmguru,
    a numbered PDF-style list, a Medium Q&A, The Knowledge Academy), written blind. Measured
    blind on first use: precision 0.93, recall 0.20, because two of its lists number their
    questions ("Q12. Explain the purpose of a feature store.") and the number hid the question.
    With the numbering stripped (and rejected in articles): 0.88 / 0.65. Then "explain why",
    "how often should...be retrained", and "when would you choose X over Y" as a comparison:
    0.89 / 0.74. Its wrong pairs are two-part questions: "What is model drift, and how do you
    handle it?" joins the definition, which this labeller keeps apart, and "What is MLOps, and
    why is it important?" joins the benefits, where this labeller puts it with the definition. Sure merges only (group.SURE_TERMS;
    the rest become suggestions): 0.91 / 0.66."""
    questions, label, _ = labelled.load_tagged(labelled.SEVENTH)
    precision, recall = labelled.pairwise(group(questions).groups, label)
    assert precision >= 0.88, precision
    assert recall >= 0.64, recall


def test_quality_on_the_eighth_labelled_set():
    """141 questions imitating an r/mlops thread, Google ML Engineer certification scenarios
    ("...What should you do?"), an AWS interview write-up, ML system design prompts and notes
    on Chip Huyen's book, written blind. Measured blind on first use: precision 1.00, recall
    0.13. Its labeller groups a scenario with the concept that answers it (a shadow-deployment
    story with "What is shadow deployment?"), which word-based rules cannot see; after a
    lead-in that asks nothing gives way to the clause that asks ("Phone screen opener for me:
    what is MLOps?"), "in plain terms" is dropped, and verbs for one action are one term
    (track/watch = monitor, catch/spot = detect, cut/lower = reduce): 1.00 / 0.19; after "How
    do canary and blue-green compare?" reads as a comparison of the two: 1.00 / 0.20."""
    questions, label, _ = labelled.load_tagged(labelled.EIGHTH)
    precision, recall = labelled.pairwise(group(questions).groups, label)
    assert precision >= 0.95, precision
    assert recall >= 0.15, recall


def test_quality_on_the_ninth_labelled_set():
    """136 questions imitating five typical lists a candidate finds first (BestDevOps, a Medium
    Q&A, Final Round AI, PrepInterview scenarios, rapid-fire practice questions), written blind
    after every other change of this round, as its final check. Measured blind on first use:
    precision 0.84, recall 0.64 (the engine before this round: 0.83 / 0.41). A scenario's long
    stem is no longer skipped as a lead-in, and "the pipeline you would build" is a how-to:
    0.91 / 0.66. Its remaining wrong pairs are judgement calls: two-part questions this labeller
    files with another part than the engine ("What is model drift, and how do you handle it?"
    with handling drift), and "How do you track experiments, and which tools do you use?", which
    the engine joins to "What is experiment tracking?" as the practice being defined. Sure merges only (group.SURE_TERMS;
    the rest become suggestions): 0.98 / 0.58."""
    questions, label, _ = labelled.load_tagged(labelled.NINTH)
    precision, recall = labelled.pairwise(group(questions).groups, label)
    assert precision >= 0.9, precision
    assert recall >= 0.56, recall


def test_quality_on_the_tenth_labelled_set():
    """130 questions from five published lists (two GitBook lists, a GitHub list, an LLMOps
    list, production scenarios), written blind after this session's merge changes. Its
    labeller merges little (15 same-question pairs), so the figures move in large steps.
    Measured blind on first use: precision 0.62, recall 0.33 (5 of 8 merges right, 5 of 15
    pairs found; the engine before this session scored the same). After "What sets X apart
    from Y?" reads as a comparison, "How do X, Y and Z differ?" compares all three, and "also
    called Y" is dropped: 0.70 / 0.47. The wrong merges left are judgement calls ("walk
    through an example of data drift and how you would address it" with "What is data drift?")
    and "Why version your data?" with "Why is version control important?"."""
    questions, label, _ = labelled.load_tagged(labelled.TENTH)
    precision, recall = labelled.pairwise(group(questions).groups, label)
    assert precision >= 0.65, precision
    assert recall >= 0.45, recall


def test_quality_on_the_eleventh_labelled_set():
    """156 questions imitating six typical lists (a hiring platform's top 25, a course site's
    Q&A, a Medium post, a GitHub list, a LinkedIn post, a tech blog's top 28), written blind at
    the end of the third round. Measured blind on first use: precision 1.00, recall 0.44 (the
    engine before the round: 0.97 / 0.40). This labeller also merges a practice's "what is it"
    with "how do you do it" and "why" ("What is A/B testing?" with "How would you set up an A/B
    test?"), which the engine keeps apart by design, so recall here has a lower ceiling. After
    "how it compares with Y", "What separates them?" and "Google's maturity levels" are read
    right, and "step by step" and "beyond the buzzword" are asides: 1.00 / 0.51. Sure merges only (group.SURE_TERMS;
    the rest become suggestions): 1.00 / 0.44."""
    questions, label, _ = labelled.load_tagged(labelled.ELEVENTH)
    precision, recall = labelled.pairwise(group(questions).groups, label)
    assert precision >= 0.95, precision
    assert recall >= 0.42, recall


@pytest.mark.parametrize("name", ["fifth", "sixth", "seventh", "eighth", "ninth"])
def test_a_second_labeller_agrees_with_the_first(name):
    """Sets 5-9 were relabelled by someone who saw neither the first labels nor the engine.
    The two agree closely (pooled P 0.95 / R 0.97; per set at least 0.89 / 0.92), so the
    engine's recall gap on these sets is the engine's, not noise in the labels. This also keeps
    each relabelled file aligned with its set: second_labels raises on any mismatch."""
    questions, label, _ = labelled.load_tagged(labelled.SETS[name])
    second = labelled.second_labels(name, questions)
    assert set(second) == set(label)
    precision, recall = labelled.pairwise(labelled.partition(questions, second), label)
    assert precision >= 0.85 and recall >= 0.9, (precision, recall)


def test_a_list_number_does_not_hide_the_question():
    assert signature("Q12. What is a feature store?") == signature("What is a feature store?")
    assert signature("7) Explain MLOps.").terms == signature("Explain MLOps.").terms


def test_plain_similarity_would_fail_the_same_set():
    """The labelled set is hard: ignoring intent (one bag of words, low threshold) loses precision."""
    questions, label = labelled.load()
    from handbook import normalize

    original = normalize.intent_of
    try:
        normalize.intent_of = lambda clause, whole="": "definition"
        normalize.signature.cache_clear()
        precision, _ = labelled.pairwise(group(questions, threshold=0.4).groups, label)
    finally:
        normalize.intent_of = original
        normalize.signature.cache_clear()
    assert precision < 0.95


def test_every_question_of_the_answered_sets_has_its_answer(root: Path):
    """scripts/experiments/answer_experiment.py reads one answer per question of sets 7 and 9."""
    sys.path.insert(0, str(root / "scripts" / "experiments"))
    from answer_experiment import SETS, answers

    for name in SETS:
        questions, _, _ = labelled.load_tagged(labelled.SETS[name])
        found = answers(name)
        assert all(len(found.get(q.text, "").split()) >= 30 for q in questions), name
