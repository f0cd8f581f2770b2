"""Decides what a knowledge question asks: the one router the actions and the CLI share.

The words that name the standard are taken out first (a title such as "Level 3 ..." or "Funding adviser"
must not make a question about level or funding), then the question is read for its kind:

  ksb (a code written as a code), duty (a numbered duty), duties, entry_requirements, the facts (level,
  duration, epa, funding, route, lars, status, version, options, job_titles, english_maths, recognition),
  pay, progression, french, changes (between versions), comparison, find (standards for an interest), overview (a standard named and
  nothing asked), quiz, free (anything else: semantic search within the standard).

Two-part questions ("how long is it and what level?") give one kind per part. A message that only names
another standard after "and for ..." / "what about ..." repeats the previous kind of question for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from bot.resolve import COMPARED_RE, ORDINALS, find_ksb_codes, level_in
from bot.text import ENGLISH_STOPWORDS, terms, words

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# A learner saying which version they are on ('I started on v1.2', 'I began in September 2023'): answers come from
# that version from then on. It is a statement, not a question: any question in the same clause is answered.
MY_VERSION_RE = re.compile(
    r"\b(?:i|we|he|she|they|im)(?:'m| am| are|'re| was| were)? (?:started|began|start|on|doing|registered on|enrolled on|enrolled)\b.{0,25}?\b(?:version|v\s*\d)"
    r"|\bmy version\b|\b(?:i|we|he|she|they) (?:started|began|enrolled)\b.{0,25}?\b(?:19|20)\d\d\b"
    r"|\b(?:i'm|im|i am|we're|we are) on \d+\.\d+\b|\b(?:started|began|enrolled) (?:in |on )?(?:"
    + "|".join(MONTHS)
    + r")[a-z]* (?:19|20)\d\d\b",
    re.I,
)

# Ordered: the first pattern that matches a clause decides its kind.
# 'which one is shorter, X or Y', 'which is longer': standards set against each other by one fact.
WHICH_MORE_PATTERN = (
    r"\bwhich(?: one)? (?:is|has|takes|pays|costs) (?:the )?(?:shorter|longer|quicker|faster|higher|lower|more|less|better|cheaper)\b"
)
# An English apprenticeship asked for ('what's the english apprenticeship', 'uk equivalent'): the way back, in
# the kind that asks it and in the test that tells it from England said as the setting.
ENGLISH_ONE_ASKED = (
    r"\b(?:what|which|whats|what's|what is)\s+(?:the\s+)?(?:english|uk|british)\s+(?:degree\s+)?(?:apprenticeships?|standards?)\b"
    r"|\b(?:english|uk|british) (?:degree )?(?:apprenticeship |standard )?equivalent\b"
)
KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.I))
    for kind, pattern in (
        ("quiz", r"\bquiz me\b|\btest me\b|\bquiz (?:on|about)\b"),
        (
            # How many KSBs or duties: counted, not searched ('how many K's are there', 'total number of skills').
            "contents",
            r"\bhow many (?:k'?s|s'?s|b'?s|ksbs?|knowledges?|knowledge (?:items|statements)|skills|behaviou?rs|duties)\b"
            r"|\b(?:total )?number of (?:ksbs|knowledges?|knowledge (?:items|statements)|skills|behaviou?rs|duties)\b",
        ),
        (
            # Across the catalogue: which standards were revised lately (an adviser's digest).
            "revisions",
            r"\b(?:which|what|any) (?:standards|apprenticeships)\b.{0,30}\b(?:been )?(?:revised|updated|changed|new versions?)\b"
            r"|\b(?:revised|updated|new versions?) (?:standards|apprenticeships)\b|\brevisions? (?:since|this|last|in)\b",
        ),
        (
            "changes",
            r"\bwhat(?:'s| has| have| is)? (?:been )?changed\b|\bwhat changes\b|\bchanges? (?:in|to|between|since|from|made in|made to) (?:the )?(?:new|latest|last|newest|previous|old|v\d|\d+\.\d+|versions?)"
            r"|\b(?:what|anything)(?:'?s| is)? new in (?:the )?(?:new |latest )?(?:version|v\s*\d)|\bdiff(?:erences?)? (?:between|from) (?:versions?|v\s*\d|\d+\.\d+)"
            r"|\b(?:since|from) (?:version|v)\s*\d+(?:\.\d+)? to\b|\bbeen (?:revised|updated)\b|\bchangelog\b|qu.est-ce qui a chang[ée]|quels changements",
        ),
        (
            "ksb_scope",  # 'is that for the crop option only?' about the KSB just shown
            r"\b(?:is|are) (?:that|it|this|these|they|s\d+|k\d+|b\d+)\b(?: \w+){0,2} (?:only )?(?:for|in|on|to|part of|from) (?:the )?(?:\w+ ){0,3}(?:option|pathway)s?\b"
            r"|\b(?:is|are) (?:that|it|this) (?:core|in the core|option[- ]specific|for everyone|for all options)\b",
        ),
        (
            # What sets the options apart ('the difference between the 2 options', 'which duties are only for the
            # cargo option'): each option's own duties.
            "option_duties",
            r"\b(?:difference|differences|differ|compare|comparison)\b.{0,60}\b(?:options|pathways)\b|\b(?:options|pathways)\b.{0,20}\b(?:differ|difference|compare)"
            r"|\b(?:ksbs?|duties|skills|knowledge|behaviou?rs)\b.{0,20}\b(?:specific|unique|only) to (?:it|this|that|this one|my option|the option|this option)\b"
            r"|\bonly (?:for|in|on|to) (?:the )?(?:\w+ ){1,4}(?:option|pathway)\b|\b(?:option|pathway)[- ]specific\b|\bspecific to (?:the )?(?:\w+ ){1,4}(?:option|pathway)\b"
            r"|\bwhat does each (?:option|pathway)\b|\bduties (?:for|of|in) (?:the|each) (?:\w+ ){0,4}(?:option|pathway)s?\b",
        ),
        (
            "comparison",
            COMPARED_RE.pattern + r"|which is better|" + WHICH_MORE_PATTERN,
        ),
        (
            "uk_for_french",
            r"\bmet\.\d+|(?:quel(?:le)?s?|which|what) (?:apprentissages?|apprenticeships?|standards?|formations?) (?:anglais|english|britanniques?|uk|au royaume-uni)"
            r"|(?:english|uk|british) (?:apprenticeships?|standards?) (?:for|matches|match|corresponds?|equivalent)|apprentissages? (?:anglais|britanniques?)"
            # 'what's the english apprenticeship?' of a French course or job said ('has a French CAP in X')
            rf"|{ENGLISH_ONE_ASKED}"
            r"|[ée]quivalents? (?:anglais|en angleterre|britanniques?|au royaume-uni|in england|in the uk)"
            r"|\b(?:uk|english|british) (?:equivalent|version|match)\b|\b(?:apprentissages?|formations?|dipl[ôo]mes?)\b.{0,15}\b(?:en angleterre|au royaume-uni)\b"
            # A job named in French and an English apprenticeship wanted for it: 'élagueur in france... the matching english
            # apprenticeship', 'gardien de la paix, mais en Angleterre. quel apprentissage'.
            r"|\b(?:matching|equivalent|corresponding|closest) (?:english|uk|british) (?:apprenticeships?|standards?)\b"
            r"|\b(?:apprenticeships?|apprentissages?|standards?)\b.{0,40}\b(?:in|en) (?:england|angleterre|the uk|royaume-uni|grande-bretagne)\b"
            r"|\b(?:in|en) (?:england|angleterre|the uk|royaume-uni|grande-bretagne)\b.{0,60}\b(?:apprenticeships?|apprentissages?|standards?)\b"
            # A wish said in French names a French job: 'je veux être ébéniste', 'comment devenir géomètre'.
            r"|\bje (?:veux|voudrais|souhaite|aimerais|compte) (?:être|etre|devenir|faire|travailler comme)\b|\bcomment devenir\b",
        ),
        (
            "french",
            r"\bfrench\b|\bfrance\b|\bfran[cç]ais|\bonisep\b|\bfr\.? ?equiv|\bbtsa?\b|(?-i:\bCAPA?\b|\bBUT\b|\bBPA?\b)|\bbac ?pro\b|\blicence pro"
            r"|\bmet\.\d|\bfor\.\d|equivalent in france|en france|^\W*(?:and |what about )?fr\W*$"
            r"|\bm[ée]tiers? (?:proches?|similaires?|[ée]quivalents?|correspondants?|voisins?)\b",  # 'métiers proches ?' of the match
        ),
        ("duty", r"\bduty\s*(?:no\.?|number|#)?\s*\d+\b"),
        (
            "find_duty",
            r"\b(?:which|what) (?:duty|duties|task|tasks|part of the job)\b.{0,40}\b(?:cover|covers|involve|involves|include|includes|is about|are about|deal|deals|mention|mentions|relate|relates|about)\b",
        ),
        (
            # A way in below the standard ('is there a lower-level route into it', 'a stepping stone', 'an easier one').
            "way_in",
            r"\blower[- ]level\b|\bstepping[- ]stones?\b|\ba level below\b|\bbelow (?:it|this|that)\b"
            r"|\b(?:a |an )?(?:lower|easier|more junior|beginners?|entry[- ]level) (?:one|version|standard|apprenticeship|level|route)\b"
            r"|\b(?:one|something|anything) for (?:a )?beginners?\b|\b(?:anything|something|any)\s+(?:a\s+)?(?:bit\s+|little\s+)?(?:lower|easier|more junior)\b",
        ),
        (
            # What the apprentice comes out with: a degree, a diploma, a named qualification.
            "qualifications",
            r"\b(?:do|will|would|can|could|does|did) (?:i|you|they|we|he|she|apprentices?|an apprentice) (?:also )?(?:get(?! (?:on|in|into|onto)\b)|gain|receive|earn|achieve|come out with|end up with|leave with|walk away with)\b.{0,20}?\b(?:degree|qualifications?|certificate|diploma|award|nvq|btec|hnc|hnd|bachelor'?s?|masters?|bsc|ba)\b"
            r"|\bwhat (?:qualifications?|certificates?|degree|diploma|award)s? (?:do|will|would|does|can|could) (?:i|you|it|they|we|apprentices?|an apprentice) (?:get|gain|give|lead to|include|come with|award|end up with|receive|achieve)\b"
            r"|\b(?:is|are) there (?:a |an |any )?(?:degree|qualifications?|certificates?|diploma)s? (?:at the end|included|as part|with it|involved|attached|built in|on it)\b"
            r"|\b(?:does|do|will|would) (?:it|this|that|the apprenticeship|the standard)(?: one)? (?:also )?(?:include|come with|give you|lead to|end with)"
            r" (?:a |an |any )?(?:degree|qualifications?|certificates?|diploma|nvq|btec|hnc|hnd)\b"
            r"|\bmandatory qualifications?\b|\bqualifications? (?:included|at the end|gained|awarded|you get|i get|it gives)\b|\bintegrated degree\b|\bdegree at the end\b"
            r"|\bis (?:it|this|that)(?: one)? (?:a |an )?(?:integrated |proper |real |full |actual |recognised |recognized |uni |university )?degree\b|(?:^|-|,)\s*degree\s*(?:\?|$)",
        ),
        (
            # A licence or registration to work as one ('do i need a licence to be a farrier'): who regulates it,
            # before entry requirements read 'need a licence' as a condition to start.
            "recognition",
            r"\b(?:licen[cs]e|licensed|registered|registration|register)\s+(?:to|before i can|before you can)\s+(?:be|become|work|practi[cs]e|trade|operate)\b"
            r"|\bneed to (?:be )?(?:registered|licensed|register)\b",
        ),
        (
            "entry_requirements",
            r"entry (?:req|criteria|level requirement)|(?:qualifications?|quals?|grades?|degrees?)\b.{0,25}\b(?:need|needed|required|require|ask for)|requirements? (?:to|for) (?:join|start|apply|get|be accepted|enrol|train|become|qualify|do it|take it)"
            r"|requirements? for (?:it|this|that|(?:the|an?|this|that) (?:[\w-]+ ){0,4}(?:apprenticeship|standard|course|programme))\b"
            r"|qualifications? (?:do|would|will|should) (?:i|you|they|we) need|qualifications? (?:are|is) (?:needed|required)"
            r"|what do (?:i|you) need (?:to (?:start|apply|get|join|begin|enrol|have|become|be accepted)|before)"
            # 'can i go straight onto the X apprenticeship or what's needed?'
            r"|\bwhat(?:'s|’s| is) (?:needed|required)(?: (?:to (?:start|apply|get (?:on|in)|join)|first))?\s*[?!.]*$"
            r"|what (?:do|would|will) (?:i|you|we) need (?:for (?:it|this|that|(?:the|an?|this|that) (?:[\w-]+ ){0,4}(?:apprenticeship|standard|course|programme))\b|\s*[?!.]*$)|how (?:do|can|would|could) (?:i|you|we|they|someone) qualify for\b|who can (?:apply|join|start)"
            r"|(?<!\bjobs )(?<!\broles )(?<!\bposts )(?:can|could) (?:i|you|anyone|someone) (?:still |even |also |ever )?(?:apply|join|start|get (?:on|in))|eligib|prerequisite|pre-requisite"
            r"|do (?:i|you|they|we) need (?:any |some |certain |specific |particular )?(?:qualifications?|quals|grades)\b"
            r"|\bgcses?\b|\b[at][- ]levels?\b(?!\s*\d)|grades? (?:do|are|would)|need (?:any|a|an)\b.{0,25}\b(?:qualification|degree|licen[cs]e|certificate|experience|check|dbs)|do (?:i|you|they|we) (?:need|have)\b.{0,60}\bto (?:start|apply|join|begin|get on|get in|enrol)"
            r"|get(?:ting)? (?:on|onto|into) (?:it|this|the)|\b(?:any|the|what) (?:entry )?(?:requirements|criteria)\b|\bentry\?|\bentry(?: reqs?)?\s*$|\bentry (?:reqs? )?(?:for|on|of|into) (?:it|this|that|them)\b|apply with|without (?:any )?(?:gcses?|a[- ]levels?|qualifications|a degree|maths|english)|do (?:i|you) need (?:my |a |an |any )?(?:maths|english|gcses?|a[- ]levels?|degree|driving)|minimum (?:qualifications?|grades?)|how old|what age|minimum age|age limit|too old|too young|\b2:[12]\b|first[- ]class degree|how (?:do|can) i (?:get|apply|start)|requirements? to get in|\bwhat (?:do|would|will|are) (?:they|employers?|companies|firms|recruiters) (?:look(?:ing)?|ask(?:ing)?) for\b",
        ),
        (
            "job_titles",
            r"job titles?|what jobs|which jobs|jobs? (?:can|could|would|will)|roles? (?:can|could)|job roles|what (?:could|can|would) i work as|become after|work as after"
            r"|\btypical (?:jobs?|roles?)\b|^\W*(?:and |what about |the )*jobs?\W*$"  # 'typical jobs?', 'and jobs?'
            r"|\b(?:roles?|jobs?|careers?|positions?)\b[^?.]{0,40}\blead (?:to|into|on to)\b",  # 'what kind of roles does it lead to'
        ),
        (
            "funding",  # 'cost up a product' / 'cost out a job' is work priced, not the training's cost
            r"(?:government|levy|employer)s? (?:pay|contribut|fund)|\bfund(?:ing|ed)?\b|\bcost\b(?!\s+(?:up|out)\b)|\bcosts\b|how much (?:is(?! (?:about|on|of|out|in|spent|covered|taught|focused|devoted|dedicated|based)\b)|does(?! (?:it|they|the job|an apprentice|apprentices) (?:pay|earn))|money)|\bprice\b|£|funding band|levy|(?:^|\band\b|\bn\b|&|,)\s*how much\s*[?!.]*$",
        ),
        (
            "pay",
            r"\bwages?\b|\bsalar(?:y|ies)\b|\bwell paid\b|\bpaid\b|\bearn\b|\bearnings\b|\bpay (?:is|rate|like)\b|how much (?:will|would|do|does|can) (?:i|you|they|an apprentice) (?:get|make|earn)"
            r"|how much (?:do|does|would|will) (?:they|it|employers?|you) pay\b|\bwhat (?:does|do|would|will) (?:it|they|this|that|employers?) pay\b"
            r"|^\W*(?:and |what about |how about |the |what's the |whats the )*pay\W*$",  # 'and pay?' (never the payroll KSBs)
        ),
        (
            "progression",
            r"higher level|next level|level up|\bprogress(?:ion)?\b|after (?:this|that|it|finishing|i finish|completing)|\babove (?:it|this|that)\b"
            r"|\b(?:anything|something|one|apprenticeships?|standards?)\s+(?:(?:a\s+)?(?:level|step)\s+)?above\b"  # 'anything above the lead practitioner?'
            # 'what can i do after the bricklayer apprenticeship' (its name out), 'is there a level 4 after the ...'
            r"|\b(?:can|could|should) (?:i|you|he|she|they|we) (?:do|go|study|take) after\b"
            r"|\b(?:is there|are there|any|an?) (?:a )?(?:level|lvl|l) ?[2-7] (?:one |standard |apprenticeship |version )?(?:after|above|following on from)\b"
            r"|step up|go on to|move up|career path|next step|what next|advanced version|carry on to|further study"
            r"|\bnext (?:one|step|stage|standard|apprenticeship)\b|\b(?:do|look at|take|study|go for) next\b|\bhigher (?:(?!or\b|and\b)[a-z]+ ){0,2}(?:one|standard|apprenticeship)"
            r"|\b(?:anything|something|any)\s+(?:a\s+)?(?:bit\s+|little\s+)?(?:higher|more advanced|more senior)\b"
            r"|what comes after|what'?s after|comes next|\b(?:work|move|step|progress) (?:my way |your way )?up (?:to|onto)\b|fully qualified|gets? (?:you|me|them) to (?:be|become)|\bwhat'?s next\b|\bwhat is next\b",
        ),
        (
            # What must come before starting, in any words: a condition needed first, counted for entry, an age.
            # After progression, whose 'next step' questions also speak of getting on.
            "entry_requirements",
            r"\b(?:need|needed|needs|required|require|want|wanted|expect|expected)\b.{0,20}\b(?:to (?:start|get (?:in|on|onto))|first|beforehand)\b"
            r"|\bbefore (?:starting|i start|you start|they start|applying|i apply|you apply|(?:i|you) can start|joining|enrolling)\b"
            r"|\b(?:count|counts|counted) (?:for|towards?) (?:entry|getting (?:in|on))"
            # 'does a t level count for the ... apprenticeship', 'would my experience count': what one has, counted to get in
            r"|\b(?:does|do|would|will|could|can) (?!it\b|this\b|that\b|the apprenticeship\b)(?:[\w'-]+ ){1,5}count (?:for|towards?)\b|\b(?:for|at|on) entry\b|\b(?:to|still) get (?:in|on|onto)(?: (?:it|this|that|the (?:course|apprenticeship|standard|programme)))?\s*(?:[?!.,]|$)"
            r"|\b(?:need|needs|required|have|has) to have (?:already )?(?:worked|done|had|been|completed|studied|got|passed)\b|\bneed\b.{0,40}\balready\b"
            r"|\b(?:need|have|has|must) to be able to drive\b|\b(?:route|way|path) in(?:to)?\b(?! the)"
            r"|\bucas\b|\btariff points\b|\bhave to be (?:1[6-9]|2\d)\b|\bwhat (?:experience|background|prior \w+|previous \w+)\b"
            r"|\b(?:experience|background) (?:do|would|will) (?:they|you|i|employers?|apprentices) (?:need|want|look for|ask for|require)\b"
            # who they take: 'what kind of person are they after', 'can i do it if im not a nurse yet'
            r"|\bwhat (?:kind|sort|type)s? of (?:person|people|candidates?|applicants?|apprentices?|students?)\b"
            r"|\b(?:are|is) (?:they|employers?|the employers?|it) (?:after|looking for)\b"
            r"|\bif (?:i'?m|im|i am|you'?re|you are|they'?re|he'?s|she'?s) not (?:a |an )?(?:[\w-]+ ){0,3}(?:yet|already)\b"
            r"|\bif (?:i|you|they|he|she) (?:do not|don'?t|dont|haven'?t|havent|have not|has not|hasn'?t|doesn'?t) (?:have|got|hold)\b"
            # whether one may do it at all: 'can i still do it' after a condition, or a lack said before 'can i do'
            r"|\b(?:can|could|would|will) (?:i|he|she|they|we|someone|anyone) still (?:do|take|apply|get|start|be)\b"
            r"|\b(?:never|no|not|don'?t|dont|didn'?t|didnt|haven'?t|havent|without|failed)\b[^?]{0,150}\b(?:can|could|would) (?:i|he|she|they) (?:even |also )?(?:do|take|start|apply for|get on(?:to)?)\b(?! (?:next|after)\b)"
            r"|\bwhat (?:do|does|would|will) (?:i|you|he|she|they|we|my \w+|your \w+) need(?: to have)?\s*[?!.]*$"  # 'what does she need?'
            # 'what would they want from me': what employers ask of someone starting
            r"|\bwhat (?:do|would|will|might) (?:they|employers?|companies|firms|recruiters) (?:want|expect|need|require) (?:from|of) (?:me|you|him|her|them|us|applicants|candidates)\b"
            # checks made of who may start: 'is there a background check', 'security clearance', 'vetting'
            r"|\b(?:background|dbs|criminal records?|security|police) (?:checks?|clearance|vetting)\b|\bvetted\b",
        ),
        (
            "epa",
            r"\bepa\b|end[- ]point assessment|end point|how (?:is|are|will) (?:it|they|i|you|apprentices) (?:be )?assessed|final assessment",
        ),
        (
            "duration",
            r"\bh(?:ow|w|o)s? long\b|duration|how many (?:months|years)|\blength\b|time ?frame|(?:years?|months?) long|take to do|how much time|take to (?:finish|complete)|months? (?:does|is)|years? (?:does|is)",
        ),
        (
            "level",
            r"\blvl\b(?!\s*\d)|^\W*(?:the )?level\b(?!\s*-?\s*\d)(?! of (?:the|my|this|that|a|an)\b)|(?:what|which|wat|whats|what's) level|level is (?:it|this|that)|degree level|equivalent to a (?:degree|gcse|a[- ]level)|is\s+(?:it|this|that|the\s+\w+(?:\s+\w+)?)\s+(?:(?:definitely|really|actually|only|just|still|even|deffo|def) )?(?:a |at )?level\b|\bis the\s+level\s*[1-8]\s*(?:[?,.]|$|and\b)|\blevel\s*(?:and|&|,|\?|$)|(?:and|&|,) level\b|\blevel of\b|\brqf\b|how (?:high|advanced)",
        ),
        (
            "shorter",  # '4 years?? is there anything shorter': close standards that take less time
            r"\b(?:anything|something|any|is there (?:a|an|any)|are there any)\b[^?.]{0,20}\b(?:shorter|quicker|faster|less time)\b"
            r"|\bshorter (?:one|route|course|apprenticeship|version|option)s?\b",
        ),
        (
            # The IfATE route asked for ('which route is it in?', 'route?'), not 'via the apprenticeship route' or 'the
            # electrical route' (an option, a way in): people seldom ask for the route, often say the word.
            "route",
            r"\b(?:what|which|wat|whats|what's|wich)\s+(?:\w+\s+)?route\b(?!\s+(?:in|into|to|for|would|should|could)\b)|^\W*(?:the\s+)?route\W*$"
            r"|\broute (?:is (?:it|this|that)|does (?:it|this|that))\b|\b(?:and|,|&) (?:the )?route\b|^\W*(?:the )?route (?:and|,|&)"
            r"|which sector|what sector",
        ),
        ("lars", r"\blars\b"),
        (
            "reference",
            r"\bref(?:erence)?\.? ?(?:no|nos|num|number|code)\b|\bst (?:number|code|ref)\b|\bwhat(?:'s| is|s) (?:its|the|their) (?:reference|ref)\b|\breference\?",
        ),
        (
            "status",
            r"\bstatus\b|\bretired\b|\bwithdrawn\b|still (?:available|running|open|approved)|approved for delivery|can (?:i|you) still start"
            # 'is it approved?', 'v2 in dev?', 'when will it be available', 'can an employer start someone on it now'
            r"|\bin dev(?:elopment)?\b|\b(?:is|are) (?:it|this|that|they)(?: one)? (?:approved|live|available|open|running)\b"
            r"|\bwhen (?:will|does|is) (?:it|this|that|the \w+)(?: one)? (?:be )?(?:available|approved|open|live|ready|start)\b"
            r"|\bcan (?:an? |the |my )?(?:employers?|i|we|you|someone|anyone|people) (?:start|use|take on|enrol)\b.{0,30}\bnow\b",
        ),
        ("version", r"\bversion\b|\bv\d+\.\d+\b"),
        (
            "options",
            r"\boptions?\b|\bpathways?\b|\bspeciali[sz](?:e|es|ing|ation|ations|ms?)\b"
            r"|\bdifferent (?:routes|paths|strands|types of it)\b|\broutes (?:on|in|within|through) (?:it|this|that|the)\b"
            r"|\bone route for (?:everyone|all|everybody)\b|\ban? \w+ route and an? \w+ route\b",  # 'routes' said for options
        ),
        ("english_maths", r"english and maths|maths and english|functional skills|\bmaths\b|\benglish\b"),
        (
            "recognition",
            r"professional recognition|professional body|\bregist(?:er|ers|ered|ering|ration)\b|chartered|membership|\bmember of\b"
            r"|\bregulat(?:or|ory|ed|es)\b|\baccredit(?:ed|ation)\b|\bhcpc\b|\bnmc\b|\bgmc\b|licen[cs]ed to practi[cs]e"
            r"|\bprof(?:essional)?\.? (?:body|bodies|recognition|membership|registration|status)\b",
        ),
        (
            "duties",
            r"\bduties\b|^\W*(?:which|what) duty(?: (?:uses?|needs?|is|has) (?:it|this|that)(?: one)?)?\W*$|responsibilit|day[- ]to[- ]day|\b(?:what|wat|wot)\s+(?:do|does|will|would|did)\s+(?!(?:i|you|we|they|he|she)\s+(?:need|have|got)\b)(?:[\w']+\s+){0,2}(?:(?:actually|really|get to)\s+)?(?:do|be doing)\b|tasks|what is the job like",
        ),
        (
            "find",
            r"\b(?:what|which|any|list|show)\b.{0,30}\b(?:apprenticeships|standards)\b|apprenticeships? (?:in|for|about|with|involving|related)|i (?:(?:really|rly|do|also|just|kinda|quite|actually) )?(?:like|love|enjoy|am interested in|'m interested in)|interested in|i want to work (?:with|in)"
            # An interest said in other words: 'i'm into cars', 'jobs with animals', 'i'd like to work outdoors'.
            r"|\bi'?m (?:really )?into\b|\bi am (?:really )?into\b|^\W*(?:jobs?|careers?|work|roles?) (?:with|in|involving|outdoors)\b"
            r"|\b(?:i|i'd|i would) (?:like|love|want) to work (?:with|in|outdoors|outside)\b"
            # Someone seeking a role: the standards that train for it, not a passage of one of them.
            r"|\b(?:i|i'd|i would|he|she|they) (?:want|wants|wanna|would like|'d like|like) (?:to )?(?:be|become|work as|train as|do|get into)\b"
            r"|\bbecome an?\b.{0,40}\b(?:thr(?:ough|u)|via|by doing|with) an? apprenti|is there an? (?:apprenticeship|standard)\b|\bas a (?:job|career)\b"
            r"|\bis there (?:one|anything) (?:for|in|about|on|with)\b"
            # A wish described rather than named: 'like being an influencer', 'something where i dont have to talk much'.
            r"|\blike (?:being|becoming) an?\b|\b(?:something|anything|a job|jobs|work) where\b"
            r"|(?:which|what) (?:standard|apprenticeship) (?:fits|suits|matches|would (?:fit|suit|match)|is (?:right|best))"
            r"|\bwhat (?:kind of |sort of |type of )?apprenticeships? (?:should|could|can|would|might|do you recommend)\b"
            r"|\bare there (?:any )?(?:\w+ ){0,3}(?:apprenticeships|standards)\b"
            r"|\bhow (?:can|could|do|would|might) (?:i|you|someone|he|she|they|my \w+) (?:become|get into|train (?:as|to be)|qualify as)\b"
            # A wish in other words: 'something with animals', 'anything more arty like ...', 'what could i do'.
            r"|\b(?:something|anything|summat)(?: (?:more|else|a bit|bit|really))? (?:with|in|involving|to do with|around|outdoors|outside|arty|creative|practical|hands[- ]on|like)\b"
            r"|\bwhat (?:could|can|should|would|might) (?:i|he|she|they|we|my \w+) (?:do|be|study|train (?:in|as|for))(?: as an? (?:apprenticeship|job|career))?\s*(?:[?!.,]|$)"
            r"|\bwanna work (?:with|in|outdoors|outside)\b"
            # Advice asked for someone described: 'what would you point him at', 'any ideas?', 'what do you suggest'.
            r"|\bpoint (?:him|her|them|me|us) (?:at|to|towards)\b|\b(?:any )?ideas\s*[?!.]*\s*$|\bwhat (?:do|would) you (?:suggest|recommend)\b"
            r"|\b(?:loves|enjoys|(?:is |am |i'?m )?(?:obsessed|mad|passionate) (?:with|about))\b"
            r"|^\W*(?:none of (?:those|them|these)|not (?:those|them|these))\b.{0,20}\blike\b|^\W*(?:more )?like (?:\w+ ){0,4}?\w+ or \w+"
            r"|\b(?:who|that) (?:likes|loves|enjoys|is into)\b|\bworking (?:with|outdoors|outside)\b|^\W*working (?:in|on)\b|\b(?:jobs|careers) (?:are|r) there\b"
            # Standards wished for at some levels: 'engineering apprenticeships L4+', 'the highest level nursing apprenticeship'.
            r"|\b(?:apprenticeships|standards|ones)\b[^?.]{0,25}\b(?:levels?|lvl|l)\s*[2-7]|\b(?:levels?|lvl|l)\s*[2-7]\+?(?: (?:and|or) (?:above|up|over|below|under))? (?:apprenticeships|standards)\b"
            r"|\b(?:highest|lowest|top)[- ]level (?:\w+ ){0,3}(?:apprenticeships?|standards?|ones?|courses?)\b"
            r"|\b(?:wanna|want to|wants to|would like to|'d like to|id like to) (?:be|become|work|get into|join|do something)\b"
            r"|\bdo (?:they|you|u) (?:do|have|offer|run) (?:an? |any )?apprenticeships?\b"
            # The standard asked for by what it is called or who does it: 'whats the apprenticeship called',
            # 'what apprenticeship do aircraft movers do'.
            r"|\bwhat(?:'s|s| is) (?:the|that|this|an?) (?:apprenticeship|standard) called\b"
            # A wish then the way asked ('i want to drive the big diggers ... how do i get into that', 'what fits?',
            # 'any apprenticeship?', 'whats there for someone who...', 'is there a degree apprenticeship that...').
            r"|\bhow (?:do|can|would|could) (?:i|you|someone|he|she|they) get into (?:that|this|it)\b|\bwhat (?:fits|would fit|suits|would suit)\b"
            r"|\bany apprenticeship\s*[?!.]*$|\bwhat(?:'s|s| is) there (?:for|to help)\b|\bwhat apprenticeship\s*[?!.]*$"
            r"|\bis there an? (?:degree |higher |level \d )apprenticeship\b|\b(?:options|ideas) for (?:an?|my|someone|this)\b"
            r"|\b(?:i'?d|i would) (?:like|love) (?:a career|to (?:move into|end up|qualify as|work|train|get into|use))\b"
            r"|\b(?:want|wants) (?:a career|to move into|to end up|to qualify as|to work)\b"
            r"|\b(?:says|said|thinks|reckons|told me|tells me) (?:i|he|she|they) (?:should|shud|could|ought to) (?:work|be|become|do|get into|go into|train)\b"
            r"|\b(?:what|which) (?:apprenticeship|standard)s? (?:do|does) (?:an? |the )?(?:[\w-]+ ){1,3}(?:do|take|train on)\b",
        ),
        ("my_version", MY_VERSION_RE.pattern),  # last: a question in the same clause is what is answered
    )
)
# Small talk NLU may guess from a message's shape: said only in its own words. 'i mean just a normal nurse'
# is a correction, not 'are you a bot'.
OWN_WORDS = {
    "bot_challenge": re.compile(
        r"\b(?:bot|robot|chatbot|human|person|people|ai|machine|computer|program|real|automated|alive|sentient|chatgpt|gpt)\b"
        r"|\bwho (?:are|r) (?:you|u)\b|\bwhat (?:are|r) (?:you|u)\b|\bt'?es (?:un|une) |\bhumain|\bvrai",
        re.I,
    ),
}


# A yes, a no, thanks, hello or goodbye is said in a few words of its own; more is a question with an 'ok' before
# it ('ok - private investigator?').
SMALL_TALK_INTENTS = frozenset({"affirm", "deny", "thanks", "greet", "goodbye"})
SMALL_TALK_WORDS = frozenset(
    re.findall(
        r"\S+",
        """yes yeah yep yup ya yea sure ok okay k kk alright fine great cool nice good perfect brilliant lovely right correct
    please pls plz no nope nah not never thanks thank thx ty cheers ta hi hello hey hiya morning evening afternoon
    bye goodbye cya later see soon that's thats it is was that this very much so lol haha oui non merci bonjour salut
    bonsoir beaucoup bien super parfait au revoir bonne journée bientôt à d'accord""",
    )
)
SMALL_TALK_EXTRA = 1  # words beyond these a short reply may hold ('yes delete it', 'thanks mate')


# A message that is only a courtesy ('thanks', 'merci beaucoup', 'au revoir', 'hello'), in the words that say
# which (English, French), with nothing else beyond a few words of address ('thanks mate', 'bye bot').
COURTESIES = (
    ("thanks", r"thanks?|thank you|thankyou|thx|ty|cheers|ta", r"merci"),
    ("goodbye", r"bye|goodbye|cya|see you", r"au revoir|bonne journ[ée]e|[àa] bient[ôo]t"),
    ("greet", r"hi|hello|hey|hiya|good (?:morning|afternoon|evening)", r"bonjour|bonsoir|salut"),
)
COURTESY_RES = tuple((kind, re.compile(rf"\b(?:{english}|{french})\b", re.I)) for kind, english, french in COURTESIES)
FRENCH_COURTESY_RE = re.compile(r"\b(?:" + "|".join(french for _kind, _english, french in COURTESIES) + r")\b", re.I)
ADDRESS_WORDS = frozenset(
    ["mate", "bot", "buddy", "pal", "again", "lot", "lots", "loads", "much", "very", "so", "all", "for", "your", "help", "you"]
)


def courtesy_of(text: str) -> tuple[str, str] | None:
    """('thanks' | 'goodbye' | 'greet', the language it is said in) when a message is only that courtesy; None
    when it asks anything ('thanks, and K5?')."""
    if not re.search(r"\w", text) or _beyond_small_talk(text, ADDRESS_WORDS):
        return None
    kind = next((kind for kind, pattern in COURTESY_RES if pattern.search(text)), None)
    return (kind, "fr" if FRENCH_COURTESY_RE.search(text) else "en") if kind else None


def _beyond_small_talk(text: str, also: frozenset[str]) -> list[str]:
    """The words of a message that are neither small talk nor in `also` (accented words and codes are words)."""
    return [w for w in re.findall(r"[\w'’]+", text.lower()) if w not in SMALL_TALK_WORDS and w not in also]


def said_in_own_words(intent: str, text: str) -> bool:
    """Whether a small-talk intent NLU predicted is said in its own words (intents without a pattern always)."""
    if intent in SMALL_TALK_INTENTS:
        return len(_beyond_small_talk(text, ENGLISH_STOPWORDS)) <= SMALL_TALK_EXTRA
    pattern = OWN_WORDS.get(intent)
    return pattern is None or bool(pattern.search(text))


# The same kinds asked in French: French speakers are understood by the same router.
FRENCH_PHRASES = {
    # 'quel diplôme pour y entrer' asks what gets one in, not the French diploma.
    "french": r"(?<!\bou )[ée]quivalent|dipl[ôo]me fran[çc]ais|formations? en france"  # not 'GCSE ou équivalent'
    r"|quel(?:le)?s? (?:bts|cap|formation|dipl[ôo]me|cursus)(?![^?.!]*\b(?:pour (?:y |l')?(?:entrer|acc[ée]der|int[ée]grer|postuler)|[àa] l.entr[ée]e|attendus?|exig[ée]s?|requis|demand[ée]s?))",
    "entry_requirements": r"conditions? d.(?:entr[ée]e|acc[èe]s|admission)|pr[ée]-?requis|faut-il (?:un|une|des|avoir)"
    r"|qui peut (?:postuler|s.inscrire|candidater|entrer)|pour (?:y |l')?(?:r?entrer|acc[ée]der|int[ée]grer)|rentrer dedans"
    # 'pour être pris', 'qu'est-ce qu'ils demandent', 'des conditions spéciales pour...', 'quelles notes au GCSE'
    r"|pour [êe]tre (?:pris|accept[ée]|admis|retenu)e?s?\b|qu.est-ce qu.(?:ils|elles|on) (?:demandent|demande|exigent|attendent)\b"
    r"|\b(?:ils|elles) demandent quoi\b|conditions? (?:sp[ée]ciales? |particuli[èe]res? )?pour\b|\bnotes? (?:au|aux|en) (?:gcse|a.levels?|bac)\b"
    r"|dipl[ôo]mes? (?:sont )?(?:requis|n[ée]cessaires?|demand[ée]s?|attendus?|exig[ée]s?)|[àa] l.entr[ée]e\b",
    "job_titles": r"intitul[ée]s? de postes?|quels? m[ée]tiers?|quels? postes?|d[ée]bouch[ée]s"
    # 'on peut devenir quoi comme métier', 'on peut être tisserand avec ?', 'le métier de réassureur, c'est couvert ?'
    r"|(?:devenir|[êe]tre|faire) quoi comme (?:m[ée]tier|travail|job|poste)|\bon peut (?:[êe]tre|devenir) [\w' -]{1,40}? (?:avec|apr[èe]s)\b"
    r"|m[ée]tier d[e'] ?[\w' -]{2,40}, c.est couvert",
    "pay": r"salaire|r[ée]mun[ée]r|\bpay[ée]e?s?\b|combien (?:gagne|on gagne|je gagnerai|gagnera|touche)",  # 'bien payé', 'payé combien'
    "progression": r"niveau sup[ée]rieur|poursuite d.[ée]tudes|apr[èe]s (?:l.apprentissage|cet apprentissage|ce standard)|et ensuite"
    r"|au[- ]dessus|niveau plus (?:haut|[ée]lev[ée])|plus haut niveau|^\W*(?:et\s+)?(?:apr[èe]s|ensuite)\W*$"  # 'et après ?'
    r"|[ée]voluer|[ée]volution",
    "duration": r"combien de temps|\bdur[ée]e?\b|combien de (?:mois|ann[ée]es|ans)",
    "funding": r"financement|\bco[uû]te?\b|\bprix\b|montant|\bfinancée?s?\b|\b(?:l.[ée]tat|gouvernement)\b[^?.]{0,25}\bfinance\b|prise en charge"
    r"|\bfinance\b[^?.]{0,15}\b(?:combien|max)|\bcombien\b[^?.]{0,30}\bfinance\b",
    "level": r"quel niveau|\bniveau\b",
    "options": r"sp[ée]cialit[ée]s|quelles options|choisir une (?:sp[ée]cialit[ée]|option)",
    "duties": r"\bmissions\b|t[âa]ches|activit[ée]s principales|que fait|au quotidien|\b(?:il|elle|on|je) (?:ferait|fera|ferai|fait) quoi\b",
    "recognition": r"r[ée]glement[ée]e?s?\b|\br[ée]glemente\b|\bordre (?:professionnel|des)\b|reconnaissance professionnelle|organisme professionnel",
}
KIND_PATTERNS = tuple(
    (kind, re.compile(f"{pattern.pattern}|{FRENCH_PHRASES[kind]}", re.I) if kind in FRENCH_PHRASES else pattern)
    for kind, pattern in KIND_PATTERNS
)
# The words the kinds are asked with ('level', 'funding', 'months'...): typos are corrected towards them.
KIND_WORDS = frozenset(
    w for _kind, pattern in KIND_PATTERNS for w in re.findall(r"(?<![\\?\]\[.])\b[a-z]{4,}\b(?![\[\]\\(])", pattern.pattern)
)
OVERVIEW_RE = re.compile(
    r"^\W*(?:tell me (?:about|more)|what is|what's|whats|info(?:rmation)? (?:on|about)|overview|describe|explain|about)\b", re.I
)
# 'what's the apprenticeship like', 'what would I learn': the standard described, not a passage searched.
DESCRIBE_RE = re.compile(
    r"\bwhat(?:'s| is|s)? (?:it|the apprenticeship|the course|the job|that|this)(?: one)? like\b"
    # 'does it exist', 'is that a real apprenticeship': the standard itself answers.
    r"|\bdoes (?:it|one|that|this|such an? \w+) (?:even |actually |really )?exist\b|\b(?:is|are) (?:it|that|this|they) (?:a )?real\b",
    re.I,
)
ELLIPSIS_RE = re.compile(
    r"^\W*(?:and|what about|how about|same for|same question for|and for|and the|for|now for|ok and|what of"
    r"|et|et pour|pour|et le|et la|même chose pour|meme chose pour|et si c'est)\b",
    re.I,
)
CLAUSE_SPLIT_RE = re.compile(
    r"\?+\s*|\s*;\s*|\s+\b(?:and|n|et) (?:also )?(?=what|wat|how|which|is|are|does|do|can|who|when|where|its|it's|the|tell|quel|quelle|combien|est-ce|c'est)\b|\s+also\s+"
    r"|\s*[+&]\s*|(?<=[a-z])\s*/\s*(?=[a-z])",  # 'duration + funding?', 'level/duration?'
    re.I,
)
WORD_RE = re.compile(r"[A-Za-zÀ-ÿ0-9]+")


@dataclass(frozen=True)
class Ordinal:
    """A KSB or duty asked by its position: 'the last skill' is S, -1; 'the first duty' D, 1; 'the next one'
    (after a KSB was shown) is a step of 1 from it."""

    letter: str  # K, S, B, D; "" for a step from the KSB last shown
    position: int  # 1-based; -1 the last; for a step, +1 or -1

    def code(self, count: int, current: str | None = None) -> str | None:
        """The code meant, given how many items of the letter the standard has (and the KSB last shown, for a
        step); None when the position lies outside."""
        if not self.letter:
            if not current or not current[1:].isdigit():
                return None
            number = int(current[1:]) + self.position
            return f"{current[0]}{number}" if number >= 1 else None
        number = count if self.position == -1 else self.position
        if not 1 <= number <= count:
            return None
        return f"Duty {number}" if self.letter == "D" else f"{self.letter}{number}"


# 'the last skill', 'the 2nd behaviour': 1-based positions (-1 the last); 'top' is not a position in a standard.
POSITIONS = {word: index + 1 if index >= 0 else -1 for word, index in ORDINALS.items() if word != "top"}
# The words for a kind of item, as the letters of its codes ("D" for duties; "KSB" for all three kinds of KSB).
ITEM_LETTERS = {
    "duty": "D",
    "duties": "D",
    "task": "D",
    "skill": "S",
    "skills": "S",
    "s": "S",
    "knowledge": "K",
    "k": "K",
    "behaviour": "B",
    "behavior": "B",
    "behaviours": "B",
    "behaviors": "B",
    "b": "B",
    "ksb": "KSB",
    "ksbs": "KSB",
}
_ITEM_WORDS = r"duty|duties|task|skills?|knowledge(?:\s+(?:items?|statements?|points?))?|behaviou?rs?|k|s|b"
ORDINAL_RE = re.compile(
    rf"\b(?P<pos>{'|'.join(sorted(POSITIONS, key=len, reverse=True))}|\d{{1,3}}(?:st|nd|rd|th))\s+(?:(?:one|item|statement|point)\s+(?:of|in)\s+the\s+)?"
    rf"(?P<item>{_ITEM_WORDS})\b(?![-'’]\w)",
    re.I,
)
# 'and the next one?', 'the one after that', 'previous one': a step from the KSB just shown.
STEP_RE = re.compile(
    r"^\W*(?:(?:and|ok|okay|so|now|then)\s+)*(?:what about |how about |whats |what's |what is )?(?:the )?"
    r"(?P<step>next|following|previous|one after(?: that| it| this)?|one before(?: that| it| this)?)(?: one| code| item| k| s| b)?\W*$",
    re.I,
)


def ordinals_in(text: str) -> tuple[Ordinal, ...]:
    """KSBs or duties asked by position ('whats the last skill', 'the 2nd behaviour', 'first duty'), in order."""
    found = []
    for match in ORDINAL_RE.finditer(text):
        item = match.group("item").lower().split()[0]
        letter = ITEM_LETTERS.get(item, ITEM_LETTERS.get(item.rstrip("s"), ""))
        if len(letter) == 1:  # one kind of item ('the first KSB' says no kind)
            said = match.group("pos").lower()
            found.append(Ordinal(letter, POSITIONS[said] if said in POSITIONS else int(said[:-2])))  # 'the 20th duty'
    return tuple(found)


# 'next one after S13', 'the one before K4', 'what comes after B2': a step from a code the message names.
CODE_STEP_RE = re.compile(
    r"\b(?:next|following|previous|one|what|which|whats|what's)(?: one| code| item| comes| is)?\s+(?P<way>after|before)\s+"
    r"(?P<code>[KSB]\s?\d{1,3})\b",
    re.I,
)


def code_stepped(text: str) -> str | None:
    """The code a step from a named code asks ('next one after S13' is S14); None when none is asked."""
    found = CODE_STEP_RE.search(text)
    if not found:
        return None
    code = found.group("code").replace(" ", "").upper()
    number = int(code[1:]) + (1 if found.group("way").lower() == "after" else -1)
    return f"{code[0]}{number}" if number >= 1 else None


def step_asked(text: str) -> Ordinal | None:
    """'and the next one?' just after a KSB: the one after it (or before it, for 'previous')."""
    found = STEP_RE.match(text)
    if not found:
        return None
    return Ordinal("", -1 if found.group("step").lower().startswith(("previous", "one before")) else 1)


# 'which behaviours are there', 'list all the skills', 'what are the knowledge items': the whole list of one kind
# of KSB. Only when nothing follows but words that point at the standard: 'which skills cover X' is a search.
LIST_RE = re.compile(
    r"\b(?:list|show|give|tell|name|what|which|whats|what's|wat)\b(?:\s+(?:me|us|are|is|r|all|of|the|its|it's|every|each|different|main|key|full|whole|list|set))*\s+"
    r"(?P<item>knowledge(?:\s+(?:items|statements|points))?|skills|behaviou?rs|ksbs|k'?s|s'?s|b'?s|duties)"
    r"(?:\s+(?:are there|are|there are|does it have|do (?:i|you|we|they|apprentices) (?:need|learn|get|have|cover)|i need"
    r"|(?:in|for|of|on) (?:it|this|that|the (?:standard|apprenticeship|course|list))|please|pls|plz|wise|involved|included|covered|listed|again|then|for|in|of|on))*\s*[?.!]*$",
    re.I,
)


# The items alone, said of the standard: 'KSBs for it?', 'skills of this one', 'the behaviours?'.
BARE_LIST_RE = re.compile(
    r"^\W*(?:the\s+|its\s+)?(?P<item>ksbs|skills|behaviou?rs|knowledge(?:\s+items)?|duties)"
    r"(?:\s+(?:for|of|in|on)\s+(?:it|this|that|this one|that one))?\s*[?.!]*$",
    re.I,
)
# The KSBs of one option asked for ('which skills are for the piping option', 'list the knowledge for the
# mechanical design technician option', 'which knowledge items are only for the steam option').
OPTION_ITEMS_RE = re.compile(
    r"\b(?P<item>knowledge|skills?|behaviou?rs?|ksbs?)\b"
    r"(?:(?:\s+(?:items?|statements?))?\b.{0,40}?\b(?:for|in|of|on|under|to)\s+(?:(?:the|my|this|that|its)\s+)?(?:[\w&'-]+\s+){0,5}?(?:option|pathway)\b"
    # 'im on the cell assembly option, which skills are just for that'
    r"|(?:\s+(?:are|is))?\s+(?:just|only|specifically)\s+for\s+(?:that|this|it|mine)\b)",
    re.I,
)


def list_asked(text: str) -> str:
    """The letters of the KSBs whose whole list a clause asks for ("B", "KSB"), "D" for the duties, "" for none."""
    found = (
        LIST_RE.search(text.strip()) or BARE_LIST_RE.search(text) or (OPTION_ITEMS_RE.search(text) if not find_ksb_codes(text) else None)
    )
    if not found and LEARN_RE.search(text):  # 'what will he learn, like skills wise'
        found = LEARNT_ITEMS_RE.search(text)
    if not found:
        return ""
    item = re.split(r"[\s'’]", found.group("item").lower())[0]
    return ITEM_LETTERS.get(item, "")


LEARNT_ITEMS_RE = re.compile(r"\b(?P<item>knowledge|skills?|behaviou?rs?)\b", re.I)
# 'what would I learn', 'what sort of things will he learn': what the apprenticeship teaches, in short.
LEARN_RE = re.compile(
    r"\bwhat(?:'s| is)?(?: (?:sort|kind|type)s? of)?(?: things| stuff| topics| subjects| knowledge| skills| behaviou?rs)?\s+(?:would|will|do|does|did|can|could|should|shall|am|are|is)\s+(?:[\w']+\s+){1,3}?(?:be\s+)?(?:learn|learning|study|studying|taught|cover|covering)\b"
    r"|\bwhat(?:'s| is) (?:taught|covered|learnt|learned)\b",
    re.I,
)


@dataclass(frozen=True)
class Route:
    """The kinds of question a message asks, in order, with what each needs."""

    kinds: tuple[str, ...]
    codes: tuple[str, ...] = ()
    duty: int | None = None
    repeated: bool = False  # the kind came from the previous question ("and for X?")
    question: str = ""  # the message without the words that named the standard (what a search should read)
    versions: tuple[str, ...] = ()  # versions of the standard named ('v1.2', 'version 1.0'; bare '1.3' in a 'changes' question)
    since: bool = False  # 'what changed since 1.2': from the version named to the current one
    declared: bool = False  # the learner says which version they are on ('I started on v1.2'): it is kept
    started: str | None = None  # the start date they gave, as an ISO date ('I began in September 2023')
    ordinals: tuple[Ordinal, ...] = ()  # KSBs or duties asked by position ('the last skill', 'the first duty')
    listed: str = ""  # the kind of KSB whose list is asked ('which behaviours are there': "B")

    @property
    def kind(self) -> str:
        return self.kinds[0]


# A clause that asks whether the standard covers something is a free question even when it says "route",
# "level" or "option" ("does the biotech route cover water for injection?").
CONTENT_RE = re.compile(
    r"\b(?:cover|covers|covered|include|includes|involve|involves|teach|teaches|taught|learn|learns|mention|mentions|deal with|deals with|train|trains)\b",
    re.I,
)
WORD_KINDS = frozenset({"level", "route", "options", "status", "version"})
# Kinds whose words a question about a piece of the content may use ('which bit covers the costs', 'which
# knowledge is about the regulatory processes'): the content question wins.
SHAPED_AWAY = frozenset({"funding", "recognition", "qualifications"})
# A question about a piece of the standard's content ('which skill is about...', 'where does it talk about...')
# is a free question whatever else it resembles: it is never read as a fact by meaning.
CONTENT_SHAPE_RE = re.compile(
    r"\b(?:skills?|knowledge|behaviou?rs?|duty|duties|ksbs?|bit|part|section|talk|talks|say|says|mention|mentions)\b"
    r"|\b(?:is|are) about\b|\bwhich [ksb]\b|" + CONTENT_RE.pattern,
    re.I,
)
_KIND_BY_NAME = dict(KIND_PATTERNS)
# 'is ISO 55000 explicitly in there', 'is that part of it?': whether the standard in context holds something.
IN_IT_PATTERN = r"\b(?:is|are)\b.{1,50}?\b(?:in (?:there|it|this one|the standard)|part of (?:it|this|the standard))\s*(?:[?,.!]|$|or\b)"
# (Their gaps stay inside one sentence: 'what options are there? i work on the production side' asks nothing inside.)
# Said of a standard already named, a search's words ask what is inside it: 'is there anything on reasonable
# adjustments', 'does it cover working with the unions', 'anything in it about a second career'.
ASKS_INSIDE_RE = re.compile(
    r"\b(?:is there|are there|anything|any)\b[^?!.]{0,12}?\b(?:on|about|in it|in there|covering)\b"
    r"|\b(?:does|do|will|would) (?:it|this|that|they|you|we|i|he|she|(?:the|my|our|his|her|this|that)\s+(?:[\w-]+\s+){0,5}?(?:apprenticeship|standard|course|programme|training|one))"
    r"(?: one)? (?:actually |really |also )?(?:cover|include|teach|involve|mention|learn|get taught|deal with|touch on|go into|go over"
    r"|look at|address|explain|train (?:you|them|him|her|me|us)|help (?:you|them|him|her|me|us) (?:with|to|learn|understand))\b"
    r"|\b(?:do|will|would|does) (?:i|we|you|they|he|she|apprentices|an apprentice) (?:need|have|get) to (?:know|learn|understand|be able to)\b"
    r"|(?<!what )(?<!how )\b(?:do|will|would) (?:we|you|they|apprentices) (?:do|get to do|study|go over)\b"  # 'do we do embedded systems'
    r"|" + IN_IT_PATTERN,
    re.I,
)
# The apprenticeship said outright as what holds the thing asked, in the long messages people write around it:
# 'asked me if the course teaches how to...', 'is that something the apprenticeship actually covers', 'does her
# apprenticeship cover knowing when...', 'is that actually in my standard', 'is that part of the apprenticeship
# standard', 'will i learn how to prove that', 'whether he'll actually be trained to protect himself'.
_OWNED_COURSE = r"(?:the|my|his|her|their|your|our|this|that) (?:[\w-]+ ){0,4}?(?:apprenticeship|standard|course|programme|training|degree)"
_HOLDS = (
    r"(?:actually |really |also |even |definitely )?(?:covers?|includes?|teach(?:es)?|go(?:es)? into|deals? with|touch(?:es)? on|mentions?)"
)
STANDARD_HOLDS_PATTERN = (
    rf"\b(?:if|whether) (?:it|{_OWNED_COURSE}) {_HOLDS}\b"
    rf"|\b(?:something|anything|stuff|things?|a part|a bit) (?:that )?{_OWNED_COURSE} (?:would |will |does |should )?{_HOLDS}\b"
    rf"|\b(?:does|do|will|would) {_OWNED_COURSE} {_HOLDS}\b"
    rf"|\b(?:is|are)\b[^?!.]{{1,50}}?\b(?:in|part of|covered (?:in|by)|included in|taught (?:in|on)) {_OWNED_COURSE}\b"
    r"|\b(?:will|would|do|does|can|did) (?:i|we|you|they|he|she|apprentices|an apprentice) (?:actually |really |also |ever )?"
    r"(?:learn|be taught|get taught|be trained|study) (?:how|to|about|what|why|when|where)\b"
    r"|\b(?:i|we|you|they|he|she)'ll (?:actually |really |also |ever )?(?:learn|be taught|get taught|be trained) (?:how|to|about|what|why|when|where)\b"
)
# A question that asks for a piece of the standard's content by its kind ('which skill is about...', 'is there a
# KSB on...', 'where does it talk about...'): answered from the KSBs and duties, never as another kind by meaning.
CONTENT_ASKED_RE = re.compile(
    r"\b(?:which|what|where)\b[^?!.]{0,30}\b(?:skills?|knowledge|behaviou?rs?|duty|duties|ksbs?|parts?|bits?|sections?)\b"
    r"|\b(?:is there|are there|any)\b[^?!.]{0,12}\b(?:skills?|knowledge|behaviou?rs?|ksbs?|duty|duties)\b"
    r"|\b(?:talk|talks|say|says|mention|mentions) about\b"
    r"|\bmentioned (?:anywhere|somewhere)\b|\banywhere in (?:it|there|the standard|my standard)\b"  # 'is that mentioned anywhere'
    r"|\bas part of (?:it|this|the|my|an?) (?:apprenticeship|standard|course|training|programme)\b"  # 'first aid as part of the apprenticeship'
    r"|\bwhere (?:does|do|is|in)\b[^?!.]{0,20}\b(?:mention|mentions|cover|covers|covered|say|says|talk|talks|deal|deals)\b"
    r"|\bwhere (?:does|do|is|are|would|will)\b[^?!.]{0,70}?\b(?:come in|comes in|come up|comes up|crop up|crops up|fit in|fits in|sit|sits|come into it|covered|feature|features"
    r"|appear|appears|show up|shows up|turn up|turns up|fall under|falls under|belong|belongs)\b"
    r"|\bone of the (?:skills|knowledges?|behaviou?rs|ksbs|duties)\b"  # 'is that one of the skills in her apprenticeship'
    r"|\b(?:learn|learning|learnt|learned|taught|teach|study|studying)\s+(?:about|for|on)\b"  # 'what would i learn about costing'
    r"|\bhow much (?:of (?:it|this|that|the \w+) )?(?:is|are)\b[^?!.]{0,12}?\b(?:about|on|in|out|spent|focused|devoted|dedicated)\b"
    r"|\bwhat (?:does|do|will|would) (?:the|my|this|it)\b(?: \w+){0,2} (?:want|wants|expect|expects|require|requires|ask|asks) (?:of|from)\b"
    r"|" + STANDARD_HOLDS_PATTERN,
    re.I,
)


# The way from an English standard to France ('the french equivalent', 'the same job in france').
FORWARD_FRENCH_RE = re.compile(
    r"\b(?:in|en) france\b|\bfrench (?:equivalent|version|course|qualification|diploma|job|one|match)|[ée]quivalent (?:en )?fran[cç]ais|\bequivalent in france\b"
    r"|\b(?:quel(?:le)?s?|which|what) (?:cap|bts|btsa|bac pro|bp|dipl[ôo]me|formation)\b",
    re.I,
)
# ... and the way back named outright: an English apprenticeship asked for a French job or id.
STRONG_REVERSE_RE = re.compile(
    r"\b(?:english|uk|british|anglais|anglaise|britannique)s? (?:apprenticeships?|apprentissages?|standards?|equivalent|version)\b"
    r"|\b(?:apprentissages?|standards?) (?:anglais|britanniques?)\b|\bmatching english\b|\b(?:MET|FOR)\.\d+",
    re.I,
)


def compares(text: str) -> bool:
    """Whether a message sets standards against each other ('compare', 'vs', 'which takes longer'); not when
    the words that compare come inside what it asks the standard teaches ('will it teach the finance products,
    like PCP vs HP vs lease')."""
    found = _KIND_BY_NAME["comparison"].search(text)
    asked = _content_asked(text) if found else None
    return bool(found) and not (asked and asked.start() < found.start())


# A word that opens a message without saying anything ('wait, what level is that one'): never a name's word.
INTERJECTION_RE = re.compile(
    r"^\W*(?:hang on|hold on|wait|sorry|btw|by the way|quick question|actually|ok(?:ay)?|k|so|hmm+|oh|right|well|cheers|thanks|thx|k thx)"
    r"(?:[,!.;:]+\s*|\s+(?=(?:what|whats|what's|which|how|is|are|does|do|can|and|so|where|when|who)\b))",
    re.I,
)


def without_interjection(text: str) -> str:
    """The message without the word it opens with when that word says nothing ('wait, ...', 'ok so ...')."""
    rest = INTERJECTION_RE.sub("", text, count=1)
    return rest if rest.strip() else text


def _asked_beside_a_wish(question: str, guess: Callable[[str], str | None] | None) -> tuple[str, ...]:
    """What a message that reads as a wish also asks of the standard it names or finds ('want to be a vet tech
    for farm animals, what do i need for the apprenticeship': the entry requirements; '... where does that come
    up in the standard?': its content): the kind guessed for its asking sentences, else a free question when one
    of them asks something; () when none does."""
    parts = SENTENCE_SPLIT_RE.split(question)
    asking = [p for p in parts if (kind_of(p) != "find" and _asks(p, question)) or ASKS_INSIDE_RE.search(p) or CONTENT_ASKED_RE.search(p)]
    guessed = next((k for p in asking if guess and not CONTENT_ASKED_RE.search(p) and (k := guess(p))), None)  # 'what do i need'
    rest = [p for p in asking if set(terms(p)) - _FILLER and not STANDARD_ASKED_RE.match(p)]
    return (guessed,) if guessed else ("free",) if rest else ()


def asks_for_content(text: str) -> bool:
    """Whether a message asks for a piece of a standard's content ('which skill is about...', 'does it cover...',
    'is X in there'), whatever fact its words resemble."""
    return bool(_content_asked(text))


def _content_asked(text: str) -> re.Match[str] | None:
    """Where a message asks for a piece of a standard's content, if it does."""
    return CONTENT_ASKED_RE.search(text) or ASKS_INSIDE_RE.search(text)


def asks_french(text: str) -> bool:
    """Whether a message's words point to France (a French course, job or word)."""
    return bool(_KIND_BY_NAME["french"].search(text))


def without_fact_asked(text: str) -> str:
    """The message without the words that ask for a fact ('how long does it take to finish' leaves 'does it
    usually'): what is left may pick a standard, the asking words may not ('finish' is no Finisher)."""
    for kind, pattern in KIND_PATTERNS:
        if kind in FACT_KINDS or kind in ("pay", "progression"):
            text = pattern.sub(" ", text)
    return text


def seeks_standards(text: str) -> bool:
    """Whether a message, anywhere in it, seeks standards for a wish or an interest ('i rly like planes')."""
    return bool(_KIND_BY_NAME["find"].search(text))


def kind_of(clause: str) -> str | None:
    """The kind one clause asks, by its words; None when it asks nothing recognisable."""
    if find_ksb_codes(clause):
        return "duties" if _KIND_BY_NAME["duties"].search(clause) else "ksb"
    ordinals = ordinals_in(clause)
    if ordinals:
        return "duty" if ordinals[0].letter == "D" else "ksb"  # 'whats the last skill', 'the first duty'
    listed = list_asked(clause)
    if listed:
        return "duties" if listed == "D" else "ksb_list"  # 'which behaviours are there', 'list the skills'
    if LEARN_RE.search(clause) and not _KIND_BY_NAME["french"].search(clause):  # 'what would they study in france'
        return "learning"
    for kind, pattern in KIND_PATTERNS:
        found = pattern.search(clause) if kind != "comparison" else None
        if found and kind == "uk_for_french" and FORWARD_FRENCH_RE.search(clause) and not STRONG_REVERSE_RE.search(clause):
            return "french"  # 'on the X apprenticeship in england - what's the french equivalent?' asks the way out
        if found and kind == "french" and not _asks_french_course(clause):
            continue  # 'j'ai mon CAP coiffure': a course the person holds, not a French course asked for
        if found and kind == "uk_for_french" and not REVERSE_ASKED_RE.search(clause) and _asks_another_kind(clause):
            continue  # 'je voudrais faire l'apprentissage anglais X. il dure combien de temps ?': England is the setting
        if found:
            sentence = _sentence_around(clause, found.start())  # 'my employer says it is dear - how much funding...'
            if kind in FACT_KINDS and _remark_beside_content(clause, sentence):
                return None  # 'area manager is on at me about food cost. does my apprenticeship cover controlling costs?'
            before = _sentence_around(clause[: found.start()], found.start())  # 'which bit covers' the costs
            if (kind in WORD_KINDS and CONTENT_RE.search(sentence)) or (kind in SHAPED_AWAY and CONTENT_SHAPE_RE.search(before)):
                return None  # 'does the biotech route cover...', 'which bit covers the costs of...' (not 'what would the funding cover')
            return kind
    return None


# The way back asked outright ('quel apprentissage anglais pour...', 'the uk equivalent'), not England said as the
# setting of another question.
REVERSE_ASKED_RE = re.compile(
    r"(?:quel(?:le)?s?|which|what) (?:apprentissages?|apprenticeships?|standards?|formations?)\b[^?.!]{0,25}"
    r"\b(?:anglais|english|britanniques?|uk|royaume-uni|angleterre|england)\b"
    r"|[ée]quivalents? (?:anglais|en angleterre|britanniques?|au royaume-uni)|\b(?:uk|english|british) (?:equivalent|version|match)\b"
    r"|\bmatching english\b|\b(?:MET|FOR)\.\d+|\bcorrespond"
    rf"|{ENGLISH_ONE_ASKED}",
    re.I,
)
# A French course the person has or is doing ('j'ai mon CAP coiffure', 'je suis en bac pro fonderie', 'i have a BTS').
HELD_COURSE_RE = re.compile(
    r"\b(?:j'ai|j’ai|jai|j ai|je suis en|je passe|je prépare|je prepare|titulaire d(?:'|’|e |u )|avec (?:mon|ma)|i (?:have|did|hold|got)|i'?m doing)"
    r"\s+(?:(?:mon|ma|un|une|le|la|the|a|an)\s+)?(?:CAPA?|BTSA?|bac ?pro|BP|BUT|licence(?: pro)?)\b",
    re.I,
)
_SETTING_BLIND = frozenset({"uk_for_french", "find", "my_version", "comparison", "french", "english_maths"})  # 'the english apprenticeship'


def _asks_french_course(clause: str) -> bool:
    """Whether a clause asks for French courses by its words, once a French course the person holds is set aside."""
    return bool(_KIND_BY_NAME["french"].search(HELD_COURSE_RE.sub(" ", clause)))


def _asks_another_kind(clause: str) -> bool:
    return any(pattern.search(clause) for kind, pattern in KIND_PATTERNS if kind not in _SETTING_BLIND)


def _remark_beside_content(clause: str, sentence: str) -> bool:
    """Whether a sentence only remarks ('a lot of my cases end up disputing an eligibility decision') while
    another sentence of the message asks for a piece of the content ('which KSBs would that evidence'): the
    question is the content one, the remark's words are its topic."""
    if QUESTION_START_RE.match(sentence):
        return False
    others = [s for s in REMARK_SPLIT_RE.split(clause) if s.strip() and s.strip() != sentence.strip()]
    return any(QUESTION_START_RE.match(o) and asks_for_content(o) for o in others)


def _sentence_around(text: str, position: int) -> str:
    """The sentence of `text` holding `position`: what asks the kind, without the remarks around it."""
    cuts = list(REMARK_SPLIT_RE.finditer(text))
    start = max((m.end() for m in cuts if m.end() <= position), default=0)
    end = min((m.start() for m in cuts if m.start() > position), default=len(text))
    return text[start:end]


FACT_KINDS = frozenset(
    {"entry_requirements", "level", "duration", "epa", "funding", "route", "lars", "status", "options", "job_titles", "contents"}
    | {"qualifications", "reference"}
)
JOINABLE_KINDS = FACT_KINDS | {"french"}  # kinds one clause may ask together: 'options and French equivalent'
JOINED_RE = re.compile(r"\band\b|&|,|\+|/|\bplus\b|\bn\b|\bet\b", re.I)  # 'how long n what level', 'niveau et durée', 'lvl + £'
TERSE_WORDS = 4


def kinds_of(clause: str) -> list[str]:
    """The kinds one clause asks: one, or several facts joined by 'and' ('level and funding band?')."""
    first = kind_of(clause)
    joined = bool(JOINED_RE.search(clause))
    # Joined by a word or a sign, or set side by side in a few words as advisers type them ('lvl dur', 'dur/£').
    if first not in JOINABLE_KINDS or not (joined or len(words(clause)) <= TERSE_WORDS):
        return [first] if first else []
    found = [
        (m.start(), kind)
        for kind, pattern in KIND_PATTERNS
        if kind in JOINABLE_KINDS and (kind != "french" or _asks_french_course(clause))
        for m in [pattern.search(clause)]
        if m
    ]
    return [kind for _, kind in sorted(found)] if joined or len(found) >= 2 else [first]


VERSION_RE = re.compile(r"\b(?:version|ver|v)\s*(\d+(?:\.\d+)?)\b", re.I)
BARE_VERSION_RE = re.compile(r"(?<![\d.£$])\b(\d{1,2}\.\d{1,2})\b(?!\.\d)")
START_DATE_RE = re.compile(r"\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?(?:(" + "|".join(MONTHS) + r")[a-z]*\.?\s+)?((?:19|20)\d\d)\b", re.I)
SINCE_RE = re.compile(r"\b(?:since|from|after|compared (?:to|with))\b", re.I)


def versions_named(text: str, bare: bool = False) -> tuple[str, ...]:
    """The versions a message names, in order: 'v1.2', 'version 1.0'; with `bare`, '1.2 and 1.3' too (only a
    question about changes between versions reads a bare decimal as a version)."""
    found = [(m.start(), m.group(1)) for m in VERSION_RE.finditer(text)]
    if bare:
        found += [(m.start(), m.group(1)) for m in BARE_VERSION_RE.finditer(text) if all(abs(m.start() - s) > 4 for s, _ in found)]
    return tuple(dict.fromkeys(v for _, v in sorted(found)))


RELATIVE_SINCE = {"this year": None, "last month": 31, "last week": 7, "this month": None, "recently": 90, "lately": 90}


def since_date_named(text: str, today: date) -> str:
    """The date a digest starts from: 'since 2026-06-01', 'since June 2026', 'since March' (the last March),
    'this year', 'last month', 'recently'; 90 days back when nothing is said."""
    folded = text.lower()
    iso = re.search(r"\b(20\d\d-\d\d-\d\d)\b", folded)
    if iso:
        return iso.group(1)
    month = re.search(r"\b(?:since|from|after)\s+(" + "|".join(MONTHS) + r")[a-z]*\.?(?:\s+((?:19|20)\d\d))?", folded)
    if month:
        number = MONTHS.index(month.group(1)) + 1
        year = int(month.group(2)) if month.group(2) else (today.year if number <= today.month else today.year - 1)
        return f"{year}-{number:02d}-01"
    for phrase, days in RELATIVE_SINCE.items():
        if phrase in folded:
            if days is None:
                return f"{today.year}-01-01" if "year" in phrase else f"{today.year}-{today.month:02d}-01"
            return (today - timedelta(days=days)).isoformat()
    return (today - timedelta(days=90)).isoformat()


def start_date_named(text: str) -> str | None:
    """The start date a learner gives ('I started in September 2023' -> '2023-09-01'), as an ISO date; a year
    alone is read as its middle, since windows between versions rarely fall inside the same year twice."""
    found = START_DATE_RE.search(text)
    if not found:
        return None
    day, month, year = found.groups()
    if not month:
        return f"{year}-07-01"
    return f"{year}-{MONTHS.index(month[:3].lower()) + 1:02d}-{int(day or 1):02d}"


def route(
    text: str,
    names_standard: bool,
    named_phrase: str | tuple[str, ...] = "",
    last_kind: str | None = None,
    standards_named: int = 0,
    has_context: bool = False,
    guess: Callable[[str], str | None] | None = None,
) -> Route:
    """Routes a knowledge question. `named_phrase` is the part of the message that named the standard (taken
    out before reading the question), `names_standard` says whether the message named one at all,
    `last_kind` is the kind of the previous question (for "and for X?"); `guess` reads by meaning a question
    no pattern recognises."""
    question = without_names(text, named_phrase)
    step = step_asked(question) if last_kind in ("ksb", "duty") and not names_standard else None
    if step:  # 'and the next one?' after K5 is K6, not the next standard
        return Route(("ksb",), ordinals=(step,), question=question)
    if stepped := code_stepped(question):  # 'the one after S6' asks S7
        return Route(("ksb",), (stepped,), question=question)
    routed = _route(text, names_standard, named_phrase, last_kind, standards_named, has_context, guess)
    routed = replace(routed, ordinals=ordinals_in(question), listed=next(filter(None, map(list_asked, _clauses(question))), ""))
    changes = "changes" in routed.kinds
    declared = bool(MY_VERSION_RE.search(text)) and not changes
    if declared and routed.kinds == ("version",):
        routed = replace(routed, kinds=("my_version",))  # 'I started on v1.2' says, it does not ask
    return replace(
        routed,
        versions=versions_named(text, bare=changes or declared),  # 'i'm on 1.1. whats K50'
        since=changes and bool(SINCE_RE.search(text)),
        declared=declared,
        started=start_date_named(text) if declared else None,
    )


def _route(
    text: str,
    names_standard: bool,
    named_phrase: str | tuple[str, ...],
    last_kind: str | None,
    standards_named: int,
    has_context: bool,
    guess: Callable[[str], str | None] | None,
) -> Route:
    question = without_names(text, named_phrase)
    codes = tuple(find_ksb_codes(question))
    duty = _duty_number(question)
    if compares(question) and (standards_named >= 2 or (standards_named == 1 and has_context)):
        return Route(("comparison",), codes, duty)
    clauses = _clauses(DISLIKED_RE.sub(" ", question))  # 'something in computers but i hate maths' asks no maths fact
    kinds: list[str] = []
    for clause in clauses or [question]:
        for kind in kinds_of(clause):
            if kind not in kinds:
                kinds.append(kind)
    if (
        kinds
        and not codes
        and (
            (set(kinds) <= YIELD_TO_CONTENT_ASKED and CONTENT_ASKED_RE.search(question))
            or (set(kinds) <= YIELD_TO_CONTENT | TOPIC_KINDS and asks_for_content(question))
            or (set(kinds) <= YIELD_TO_CONTENT | TOPIC_KINDS | INSIDE_TOPIC_KINDS and _inside_topic(question, kinds))
        )
        and _topic_terms(_without_kind_words(question, kinds))
        and ("duties" not in kinds or ABOUT_TOPIC_RE.search(question) or _inside_topic(question, kinds))
    ):
        kinds = ["free"]  # 'which KSBs cover git / version control', 'the wind turbine pathway: which KSBs are about turbines'
    if "uk_for_french" in kinds and len(kinds) > 1 and not REVERSE_ASKED_RE.search(question):
        kinds.remove("uk_for_french")  # 'je veux devenir X / Y. faut quoi pour entrer ?': England the setting, entry asked
    if names_standard and "find" in kinds[1:]:
        kinds.remove("find")  # 'the routes on the equine groom apprenticeship? i want to work with racehorses': a remark
    searching = "find" in kinds or seeks_standards(question)
    if searching and not names_standard and not has_context and set(kinds) <= FIND_BEFORE:
        kinds = ["find"]  # 'just left school, no gcses, want something in construction': a search, no standard yet
    if kinds:
        if kinds[0] == "find" and names_standard and not LIST_ASKED_RE.search(question):  # a named standard is not a search
            kinds = [k for k in kinds if k != "find"] or list(_asked_beside_a_wish(question, guess)) or ["overview"]
        return Route(tuple(kinds[:3]), codes, duty, question=question)
    if DESCRIBE_RE.search(question):
        return Route(("overview",), codes, duty)
    if names_standard and last_kind not in (None, "find") and ELLIPSIS_RE.match(text) and _asks_nothing_else(question):
        return Route((last_kind,), codes, duty, repeated=True, question=question)
    if LIST_ASKED_RE.search(text) and _asks_nothing_else(question):
        return Route(("find",), codes, duty)  # 'golf apprenticeships' mid-conversation: a list, not one of them
    if names_standard and (_asks_nothing_else(question) or OVERVIEW_RE.match(question)):
        return Route(("overview",), codes, duty)
    if not terms(question):
        return Route(("overview",) if names_standard else ("empty",), codes, duty)
    content = CONTENT_SHAPE_RE.search(question) or asks_for_content(question)
    if guess and not content and (guessed := _guessed(question, guess)):
        return Route((guessed,), codes, duty, question=question)
    return Route(("free",), codes, duty, question=question)


# Kinds a question about a piece of the content may seem to ask by its words: a topic said beside them
# ('how long to run the sprinklers ... which KSBs?', 'version control', 'photographer level 4 - where's the ...').
YIELD_TO_CONTENT = frozenset(
    {"ksb_list", "duties", "options", "version", "duration", "level", "learning", "english_maths", "epa", "progression"}
)
# Kinds whose words are the topic only when they come after the words that ask for content ('is there anything on
# monitoring worker status', 'anything on the roles and responsibilities of the team'); before them they are what is
# asked ('what jobs does the apprenticeship cover', 'which duties would they carry out').
INSIDE_TOPIC_KINDS = frozenset({"status", "job_titles", "route", "duties"})
# ... and entry requirements, to the words that ask for content outright only ('do i need a forklift licence? is
# that mentioned anywhere in my standard'): 'anything special about getting on it' still asks how to get in.
YIELD_TO_CONTENT_ASKED = YIELD_TO_CONTENT | {"entry_requirements"}
# Kinds whose words are as often the topic of a question about what is taught ('how much does it cover
# contaminated land', 'will i learn how to calculate what a member gets paid', 'does it teach the rules on how
# long i can drive', 'do i have to learn dose calculations'): asked whether the standard covers them, it is content.
TOPIC_KINDS = frozenset({"funding", "pay", "english_maths", "recognition"})
# The words of a content question itself, not of its topic.
CONTENT_QUESTION_WORDS = frozenset(
    terms(
        "which what where whats where's skill skills knowledge item items behaviour behaviours ksb ksbs duty duties part parts "
        "bit bits section sections talk talks say says mention mentions cover covers covered about there are is it they does do "
        "any list show all level lvl long duration version option options pathway pathways specialism stuff thing things find "
        "use uses used need needs needed have has one ones specific only unique own anything something anywhere "
        # the words a list is asked with: 'what are the main duties day to day', 'the key responsibilities'
        "main key typical day daily everyday usual general involve involves involved doing would will responsibilities "
        "responsibility tasks task work working expected role different various available possible"
        # the words a learning question is asked with: 'what would apprentices actually learn on the course'
        " learn learning learnt learned taught teach teaches study studying actually really course programme training"
        " apprentice apprentices he she his her we our they their"
    )
)
ABOUT_TOPIC_RE = re.compile(r"\b(?:cover|covers|covered|about|mention|mentions|deal with|deals with|specific to)\b", re.I)
NAMED_OPTION_RE = re.compile(r"\b(?:the|my|this|that|its)\s+(?:[\w&'-]+\s+){0,4}(?:option|pathway|specialism)\b", re.I)


def _topic_terms(question: str) -> set[str]:
    """The words of a question about the content that say its topic: not the question's own words, not an
    option it names ('which KSBs are in the mechanical option' names a list, not a topic)."""
    return set(terms(NAMED_OPTION_RE.sub(" ", question))) - _FILLER - CONTENT_QUESTION_WORDS - {"2", "3", "4", "5", "6", "7"}


def _inside_topic(question: str, kinds: list[str]) -> bool:
    """Whether the words of each of these kinds come after the words that ask for content: part of the topic."""
    asked = _content_asked(question)
    return bool(asked) and all(
        (found := _KIND_BY_NAME[kind].search(question)) is not None and found.start() >= asked.end()
        for kind in kinds
        if kind in INSIDE_TOPIC_KINDS
    )


REQUIREMENT_RE = re.compile(r"\b(?:requirements?|required|requisites?)\b", re.I)


def _without_kind_words(question: str, kinds: list[str]) -> str:
    """The question without the words that ask its kinds: 'what does it say about english requirements' has no
    topic of its own beside the English and maths requirement it asks for."""
    for kind in kinds:
        if kind in _KIND_BY_NAME:
            question = _KIND_BY_NAME[kind].sub(" ", question)
    return REQUIREMENT_RE.sub(" ", question)


def _clauses(question: str) -> list[str]:
    """The parts of a message that each ask one thing ('how long is it and what level?' has two)."""
    return [c for c in (part.strip(" ,.!") for part in CLAUSE_SPLIT_RE.split(question)) if c and (WORD_RE.search(c) or "£" in c)]


# A part that asks only which standard ('which apprenticeship next', 'what apprenticeship would that be'): beside a
# named standard, that standard is the answer.
STANDARD_ASKED_RE = re.compile(
    r"^\W*(?:so |then |ok )?(?:what|which) (?:apprenticeship|standard|one)"
    r"(?: (?:next|then|after that|now|is (?:it|that)|would (?:it|that) be|do i (?:do|take|need)(?: next)?))?\W*$",
    re.I,
)
# 'what building trade apprenticeships are there?': a list is asked for, even when its words name a standard.
LIST_ASKED_RE = re.compile(
    r"\b(?:what|which|any|are there)\b(?:\s+\w+){0,4}\s+(?:apprenticeships|standards)\b(?! (?:for|in|on) (?:st\d|the \w+ one))"
    r"|^\W*(?:\w+\s+){1,3}(?:apprenticeships|standards)\W*$"  # 'golf apprenticeships'
    r"|^\W*(?:\w+\s+){0,2}(?:apprenticeships|standards) (?:for|in|with|about|involving|around|to do with)\b"  # 'apprenticeships for horses'
    # 'what apprenticeship should i look at' (not 'what apprenticeship would that be': the one it is)
    r"|\b(?:what|which) (?:apprenticeship|standard) (?:should|could|can|would(?! (?:that|this|it) be\b)|might|do you recommend)\b",
    re.I,
)
SENTENCE_SPLIT_RE = re.compile(r"[,.;:!?]+\s*|\s+-\s+")
REMARK_SPLIT_RE = re.compile(r"[,.;:!?]+\s*|\s+[-–—]\s+")  # also at a dash: 'it's dear — how much funding...'


# A sentence shaped as a question, after an aside ('hang on, whats K5'). One pattern: a second definition of this
# name once silently replaced the first, so 'whats ...' mid-quiz was graded as an answer.
QUESTION_START_RE = re.compile(
    r"^\W*(?:(?:hang on|wait|sorry|btw|by the way|quick question|actually)[,\s]+)?"
    r"(?:what|whats|what's|which|how|why|when|where|who|does|do|did|is|are|can|could|should|would|will|tell|explain|list|show|give)\b",
    re.I,
)
# Asking about something rather than guessing an answer ('whats K5 btw' is a question; 'is it K5?' is a guess).
ASKS_ABOUT_RE = re.compile(
    r"^\W*(?:(?:hang on|wait|sorry|btw|by the way|quick question|actually|ok|so)[,\s]+)?(?:what|whats|what's|which|how|why|when|where|who|tell|explain)\b",
    re.I,
)


def asked_part(question: str) -> str:
    """The sentences of a message that ask ('do i have to be able to code?'), without those that say who is
    asking ('OR analyst in a govt department on the operational research apprenticeship'): what a search of
    the content reads closest. The whole message when no sentence asks, or all do."""
    return asked_and_told(question)[0] or question


def asked_and_told(question: str) -> tuple[str, str]:
    """A message's sentences that ask and those that tell (who is asking, where they work); both empty unless
    the message has some of each."""
    parts = [p for p in SENTENCE_SPLIT_RE.split(question) if set(terms(p)) - _FILLER]
    asking = [p for p in parts if _asks(p, question)]
    if not asking or len(asking) == len(parts):
        return "", ""
    return " ".join(asking), " ".join(p for p in parts if p not in asking)


def _asks(part: str, question: str) -> bool:
    """Whether a sentence of a message asks something ('which skill covers...?') rather than adds detail ('like
    carving stone for old churches')."""
    return bool(QUESTION_START_RE.match(part)) or f"{part.strip()}?" in question


LEVEL_SAID_RE = re.compile(r"\(?\b(?:level|lvl|l)\s*-?\s*[2-7]\b\)?", re.I)


def _guessed(question: str, guess: Callable[[str], str | None]) -> str | None:
    """A question no pattern recognises, read by meaning (bot.kind_guess) one sentence at a time from the
    last: 'my son wants to do the ... apprenticeship, what does he need to get in' asks in its last part."""
    # 'photographer level 4 - where's ...': the level names the standard, the rest asks; alone ('level 3 or 4?') it asks.
    rest = LEVEL_SAID_RE.sub(" ", question)
    if {t for t in terms(rest) if not t.isdigit()} - _FILLER - {"or"}:
        question = rest
    parts = [p for p in SENTENCE_SPLIT_RE.split(question) if set(terms(p)) - _FILLER]
    for part in reversed(parts or [question]):
        if kind := guess(part):
            return kind
    return None


def interest_of(text: str) -> str:
    """What a 'find' question is about, without the words that ask it ('client works with sharks, which
    standard fits' -> 'client works with sharks'): 'fits' must not find the Fitted interiors installer. Only
    asking words go: the topic inside the question stays ('what building trade apprenticeships are there')."""
    words = re.findall(r"[\w'’-]+", NOT_WANTED_RE.sub(" ", text))
    return " ".join(w for w in words if w.lower() not in ASKING_WORDS).strip()


# Kinds a search for standards comes before when no standard is named (they need one to be answered).
FIND_BEFORE = frozenset(
    {"find", "way_in", "entry_requirements", "level", "duration", "job_titles", "pay", "progression", "qualifications", "options", "route"}
)
# Someone starting out: the standards one can start on (levels 2-3) are what fits.
BEGINNER_RE = re.compile(
    r"\b(?:beginners?|no experience|(?:just )?left school|school leaver|entry[- ]level|starter|starting out|first job|no qualifications"
    r"|i'?m 1[4-8]|i am 1[4-8]|aged? 1[4-8]|1[4-8] ?(?:years? old|yo|y/o))\b",
    re.I,
)
BEGINNER_LEVEL = 3

_LEVEL = r"(?:levels?|lvl|l)\s*-?\s*([2-7])"
# 'level 4+', 'L4 or above', 'at least level 4', 'above level 3' (4 up), 'up to level 3', 'below level 5' (4 down),
# 'levels 4-6', 'between level 4 and 6'. Each pattern with the step it adds to the level said.
LEVEL_RANGE_RE = re.compile(rf"\b{_LEVEL}\s*(?:-|–|to|and|or)\s*(?:levels?\s*|l)?([2-7])\b(?!\s*(?:\+|or|and)\b)", re.I)
LEVEL_FROM_RES = (
    (re.compile(rf"\b{_LEVEL}\s*(?:\+|plus\b|(?:or|and) (?:above|higher|over|up|upwards|more)\b|upwards\b|and beyond\b)", re.I), 0),
    (re.compile(rf"\b(?:at least|minimum|min\.?|from|starting at|no lower than|not below)\s+(?:a\s+)?{_LEVEL}\b", re.I), 0),
    (re.compile(rf"\b(?:above|over|higher than|more than|beyond|past)\s+(?:a\s+)?{_LEVEL}\b", re.I), 1),
)
LEVEL_TO_RES = (
    (re.compile(rf"\b{_LEVEL}\s*(?:(?:or|and) (?:below|lower|under|less)\b|max(?:imum)?\b|at most\b)", re.I), 0),
    (re.compile(rf"\b(?:up to|at most|maximum|max\.?|no higher than|not above)\s+(?:a\s+)?{_LEVEL}\b", re.I), 0),
    (re.compile(rf"\b(?:below|under|lower than|less than)\s+(?:a\s+)?{_LEVEL}\b", re.I), -1),
)
DEGREE_LEVEL_RE = re.compile(r"\bdegree(?:[- ]level)? apprenticeships?\b|\bdegree[- ]level (?:ones?|standards?|apprenticeships?)\b", re.I)
HIGHEST_RE = re.compile(r"\b(?:highest|most advanced|most senior|top)[- ]level\b|\b(?:the )?highest\b(?! (?:paid|pay|wage|salary))", re.I)
LOWEST_RE = re.compile(r"\b(?:lowest|most basic|most junior)(?:[- ]level)?\b", re.I)
# Relative to the list on screen: 'anything lower?', 'something a bit higher', 'any higher ones'.
RELATIVE_LEVEL_RE = re.compile(
    r"\b(?:anything|something|any|one|ones|standards?|apprenticeships?)\s+(?:a\s+)?(?:bit\s+|little\s+)?(?P<way>lower|higher|easier|more advanced|more senior|more junior)\b"
    r"|^\W*(?P<bare>lower|higher)(?:[- ]level)?(?: ones?)?\W*$",
    re.I,
)


@dataclass(frozen=True)
class Levels:
    """The levels a search for standards asks for: 'level 4 or above' (low 4), 'up to level 3' (high 3), 'L3'
    (both 3), a beginner (high 3), 'the highest level' (extreme), 'anything lower' (relative to the list shown)."""

    low: int | None = None
    high: int | None = None
    extreme: str | None = None  # "highest" / "lowest": the top (bottom) level among the standards found
    relative: str | None = None  # "lower" / "higher": than the standards just listed

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.low, self.high, self.extreme, self.relative))

    @property
    def exact(self) -> int | None:
        return self.low if self.low is not None and self.low == self.high else None

    def admits(self, level: int | None) -> bool:
        return (self.low is None or (level or 0) >= self.low) and (self.high is None or (level or 0) <= self.high)

    def than(self, shown: list[int]) -> Levels:
        """A wish relative to the levels just listed made absolute ('anything lower' under levels 4-6: up to 3)."""
        if not self.relative or not shown:
            return self
        if self.relative == "lower":
            return replace(self, high=min(shown) - 1, relative=None)
        return replace(self, low=max(shown) + 1, relative=None)

    @property
    def said(self) -> str:
        """The wish in words, for a reply ('at level 4 or above')."""
        if self.exact:
            return f"at level {self.exact}"
        if self.low and self.high:
            return f"at levels {self.low} to {self.high}"
        if self.low:
            return f"at level {self.low} or above"
        if self.high:
            return f"at level {self.high} or below"
        return f"at the {self.extreme} level" if self.extreme else ""


# What a level wish is said with; a message of these words alone refines the search just made.
LEVEL_WISH_WORDS = frozenset(
    terms(
        "level levels lvl l higher lower above below over under up to at least most max maximum minimum min plus or and only ones one any "
        "anything something bit little more less highest lowest top advanced senior junior easier degree apprenticeships standards "
        "please just those them these of how about what which ok okay then instead there are is beginner beginners starter i i'm im am old years"
    )
)


def only_levels(text: str, relative: bool = True) -> bool:
    """'any at level 4 or above?', 'something lower', 'L3 ones only', 'im 16': a level wish and nothing else,
    which refines the search just made rather than starting another. Not `relative`: 'anything lower' is not
    one (with a standard in focus it asks for a way in to it)."""
    levels = levels_wanted(text, level_in(text))
    if not levels or (levels.relative and not relative):
        return False
    return not set(terms(re.sub(r"\d", " ", text))) - LEVEL_WISH_WORDS


def levels_wanted(text: str, exact: int | None = None) -> Levels:
    """The levels a message asks standards to be at; `exact` is a single level it names ('the L3 one')."""
    text = text or ""
    if found := LEVEL_RANGE_RE.search(text):
        low, high = sorted((int(found.group(1)), int(found.group(2))))
        return Levels(low, high)
    for pattern, step in LEVEL_FROM_RES:
        if found := pattern.search(text):
            return Levels(low=int(found.group(1)) + step)
    for pattern, step in LEVEL_TO_RES:
        if found := pattern.search(text):
            return Levels(high=int(found.group(1)) + step)
    if HIGHEST_RE.search(text) or LOWEST_RE.search(text):
        return Levels(extreme="highest" if HIGHEST_RE.search(text) else "lowest")
    if found := RELATIVE_LEVEL_RE.search(text):
        way = (found.group("way") or found.group("bare")).lower()
        return Levels(relative="lower" if way in ("lower", "easier", "more junior") else "higher")
    if exact:
        return Levels(exact, exact)
    if DEGREE_LEVEL_RE.search(text):
        return Levels(low=6)
    return Levels(high=BEGINNER_LEVEL) if BEGINNER_RE.search(text) else Levels()


# What someone does not want is not what to search for: 'not in an office', 'but not coding', 'i faint at blood'.
NOT_WANTED_RE = re.compile(
    r"\b(?:but )?(?:not|no|never|nothing|without|rather than|instead of|other than|except|apart from|hate|hates"
    r"|(?:do|does)(?:n'?t| not) (?:really )?(?:like|want|wanna|enjoy)|dont (?:really )?(?:like|want|wanna|enjoy)|can'?t stand|faint at|scared of|afraid of"
    r"|squeamish (?:about|with|at)|allergic to)\b[^,.;!?]*",
    re.I,
)


# What a person says they dislike or are poor at: a wish about the standards to look for, never a question.
DISLIKED_RE = re.compile(
    r"\b(?:hate|hates|can'?t stand|(?:do|does)(?:n'?t| not) (?:really )?(?:like|enjoy)|dont (?:really )?(?:like|enjoy)"
    r"|(?:not|rubbish|bad|terrible|useless|awful|crap) (?:good )?(?:at|with)|struggle with|scared of|afraid of|faint at)\b[^,.;!?]*",
    re.I,
)


# The words that ask for standards, not what they are about.
ASKING_WORDS = frozenset(
    re.findall(
        r"\S+",
        """what which any list show are is there here apprenticeship apprenticeships standard standards course courses
    i i'd i'm im me my a an the of for to in at on with would could should can might do does did you recommend
    like love enjoy interested want wants wanna become be train qualify get into as job jobs career careers
    kind sort type fit fits suit suits match matches right best look looking at he she they them someone how
    and or but so please any really think something anything stuff more none those these maybe lol tbh haha good
    do could else things area field r u ur wat wot thru tho first around guess whatever stuff""",
    )
)


NAME_WORDS_MAX = 4  # more words left than this are a sentence, not a name


def naming_words(question: str) -> str:
    """What is left of a question that names no standard once the words asking it are out ('what lvl is the
    spots coach' -> 'spots coach', 'S5 from car finance apprenticeship' -> 'car finance'): the name the person
    uses, for a search by meaning; '' when a sentence is left rather than a name."""
    text = question
    for kind, pattern in KIND_PATTERNS:
        if kind != "find":
            text = pattern.sub(" ", text)
    text = ORDINAL_RE.sub(" ", re.sub(r"\b[KSB]\s?\d{1,3}\b|\b(?:knowledge|skill|behaviou?r|duty)\s*\d{1,3}\b", " ", text, flags=re.I))
    left = [
        w
        for w in re.findall(r"[\w&'’-]+", text)
        if w.lower() not in ASKING_WORDS
        and w.lower() not in ENGLISH_STOPWORDS
        and not w.isdigit()
        and not set(terms(w)) <= _FILLER | CONTENT_QUESTION_WORDS
    ]
    return " ".join(left) if 0 < len(left) <= NAME_WORDS_MAX else ""


def without_names(text: str, phrases: str | tuple[str, ...]) -> str:
    """The text without the names of standards in it ('Level 3 ...', 'B2 licensed engineer' are names)."""
    for phrase in (phrases,) if isinstance(phrases, str) else phrases:
        if not phrase:
            continue
        found = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, re.I)  # whole words: 'care' is not in 'career'
        if found:
            # A bracket the name opened closes with it ('... specialist (integrated degree) - is there anything'):
            # left alone, it became part of the question searched.
            end = found.end() + 1 if phrase.count("(") > phrase.count(")") and text[found.end() : found.end() + 1] == ")" else found.end()
            text = (text[: found.start()] + " " + text[end:]).strip()
    return text


def _duty_number(text: str) -> int | None:
    found = re.search(r"\bduty\s*(?:no\.?|number|#)?\s*(\d+)\b", text, re.I)
    return int(found.group(1)) if found else None


# Words that carry no question of their own once the standard's name is out ("the ... apprenticeship please").
_FILLER = frozenset(
    terms(
        "and for the a an what about how about same question one ones please then ok okay so now instead apprenticeship apprenticeships "
        "standard tell me more info information on it this that is i want to be become want would like do you have know "
        "hi hello hey there job role career work as degree integrated im i'm am doing currently moment at studying started "
        "et pour le la les un une du des même meme chose quoi"  # 'et pour le boucher ?'
    )
)


def _asks_nothing_else(question: str) -> bool:
    return not (set(terms(question)) - _FILLER)


FORGET_RE = re.compile(
    r"\b(?:forget|delete|erase|remove|wipe|clear)\b.{0,40}\b(?:me|my|mine|data|progress|history|everything|record|records|account|about me)\b",
    re.I,
)


def asks_about(text: str) -> bool:
    """During a quiz: a message asking about something it names ('whats K5 btw'), even when what it names is one
    of the choices: it is answered aside, not graded."""
    return bool(ASKS_ABOUT_RE.match(text))


def is_question(text: str, multiple_choice: bool) -> bool:
    """During a quiz: is this a question to answer aside rather than an answer? A free-text answer may use
    a KSB's own words, so only a message shaped as a question interrupts an 'explain' question."""
    shaped = text.rstrip().endswith("?") or (bool(QUESTION_START_RE.match(text)) and not ANSWER_SHAPED_RE.match(text))
    return shaped or (multiple_choice and kind_of(text) is not None)


# An answer in own words may start like a question without being one: 'how to keep records confidential'.
ANSWER_SHAPED_RE = re.compile(r"^\W*(?:how|what|when|where|who|which) to\b", re.I)


def asks_to_forget(text: str) -> bool:
    """'forget me', 'delete my data': a destructive request needs its own words, whatever NLU predicted."""
    return bool(FORGET_RE.search(text or ""))
