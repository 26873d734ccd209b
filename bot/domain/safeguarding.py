"""Spotting a disclosure of harm or risk in any message, before anything else happens to it.

Built for recall: a missed disclosure is far worse than a coordinator checking one that was not.
Phrases are matched on a normalised copy of the text (lower case, no apostrophes, text-speak
spelled out), so "he said hed hurt me if i tell" and "He said he'd hurt me if I tell" are the same.

Two kinds of pattern:
- statements: someone doing something harmful to someone ("my stepdad hits me"), always count;
- words on their own ("abuse", "self harm", "suicidal"): count only when the person speaks of
  themselves or their family, and not when they just ask what the word means
  ("what does neglect mean?" is a glossary question, not a disclosure).

The Rasa pipeline runs this on every message (bot/rasa_components/safeguarding.py), so it applies
on every channel. Pure: no I/O.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Most urgent first: when several match, the first is reported.
CATEGORIES = (
    "immediate_danger", "suicidal", "self_harm", "sexual_abuse", "online_abuse", "exploitation", "trafficking",
    "forced_marriage", "homeless", "physical_abuse", "domestic_violence", "risk_to_others", "radicalisation",
    "parent_incapable", "neglect", "eating", "emotional_abuse",
)

# Kinds that mean someone may be in danger now: told at once even when the chat already has a flag.
URGENT_NOW = frozenset({"immediate_danger", "suicidal"})

# A kind of concern in words, for the coordinator's page, alerts and exports.
_CATEGORY_WORDS = {"parent_incapable": "parent too drunk or high to care", "eating": "eating disorder",
                   "confirmed_by_person": "said they are not safe", "possible_concern": "possible concern"}


def category_words(category: str) -> str:
    return _CATEGORY_WORDS.get(category, category.replace("_", " "))


_SPELLINGS = {
    "u": "you", "ur": "your", "r": "are", "im": "i am", "ive": "i have", "id": "i would", "ill": "i will",
    "hes": "he is", "shes": "she is", "theyre": "they are", "theres": "there is", "hed": "he would",
    "shed": "she would", "hell": "he will", "shell": "she will", "theyll": "they will", "dont": "do not",
    "doesnt": "does not", "didnt": "did not", "cant": "can not", "cannot": "can not", "wont": "will not",
    "isnt": "is not", "wasnt": "was not", "havent": "have not", "hasnt": "has not", "aint": "is not",
    "wanna": "want to", "gonna": "going to", "gunna": "going to", "gotta": "got to", "coz": "because",
    "cos": "because", "cuz": "because", "bf": "boyfriend", "gf": "girlfriend", "mam": "mum", "mom": "mum",
    "mummy": "mum", "mommy": "mum", "daddy": "dad", "tierd": "tired", "tird": "tired", "agen": "again", "agian": "again", "nite": "night",
    "tho": "though", "pls": "please", "plz": "please", "sumone": "someone", "some1": "someone",
    "any1": "anyone", "no1": "no one", "nobody": "no one", "meself": "myself", "my self": "myself",
    "mysef": "myself", "myslef": "myself", "step dad": "stepdad", "step mum": "stepmum",
    "step father": "stepdad", "step mother": "stepmum", "stepfather": "stepdad", "stepmother": "stepmum",
    "hitt": "hit", "hits": "hits", "beats": "beats", "wnt": "want", "wamt": "want", "tablets": "pills",
}

_AGENT = (
    r"(?:he|she|they|dad|mum|stepdad|stepmum|father|mother|parents?|uncle|aunt|auntie|aunty|brother|sister|"
    r"cousin|nan|nana|gran|grandad|granddad|grandma|grandpa|boyfriend|girlfriend|partner|husband|wife|ex|"
    r"man|men|lads?|boys|guys?|someone|somebody|people|teacher|carer|foster \w+|friend|family|"
    r"[a-z]+s (?:boyfriend|girlfriend|partner|husband|wife|mate|friend|dad|mum))"
)
_CHILD = r"(?:little |baby |big |older |younger |twin |step |half )?(?:brother|sister|son|daughter|baby|kids?|children|child|siblings?|cousin|little one|boy|girl|grandson|granddaughter)"
_OBJECT = rf"(?:me|us|him|her|them|mum|dad|my {_CHILD}|my (?:mum|dad|nan|gran)|the (?:kids|baby|children|little ones)|our {_CHILD})"
_HARM = (
    r"(?:hit|hits|hitting|beat|beats|beating|beaten|batter\w*|punch\w*|kick\w*|slap\w*|smack\w*|chok\w*|"
    r"strangl\w*|throttl\w*|burn\w*|whip\w*|belt\w*|thrash\w*|bash\w*|headbutt\w*|bit|bites|biting|stab\w*|"
    r"attack\w*|hurt|hurts|hurting|grab\w*|drag\w*|shak(?:e|es|ing)|shook|scald\w*|bruis\w*|"
    r"push(?:es|ed|ing)? \w+ (?:down|over|into|against|around|hard)|"
    r"throws? (?:\w+ ){0,2}at|threw (?:\w+ ){0,2}at|pulls? (?:my|her|his) hair|pulled (?:my|her|his) hair)"
)
_PASSIVE_HARM = (
    r"(?:hit|beaten|beat up|battered|punched|kicked(?! (?:out|off)\b)|slapped|smacked|choked|strangled|burnt|burned|whipped|"
    r"abused|raped|touched|assaulted|molested|groomed|neglected|starved|stabbed|attacked|"
    r"locked (?:in|out|up)|kicked out(?! of (?:school|class|college|the))|thrown out(?! of (?:school|class|college|the))|"
    r"chucked out)"
)
_ME = r"(?:i|me|my|myself|us|our|we|i am|i have|i was)"

_STATEMENTS: dict[str, list[str]] = {
    "immediate_danger": [
        r"(?:is|are|he is|she is|they are|someone is|there is (?:a man|someone|a guy)) (?:\w+ )?(?:outside|at the door|in the house|downstairs|trying to get in|breaking in|banging on)",
        r"coming (?:for|to get|after) (?:me|us|her|him|them|my|the)",  # not "my nan is coming"
        r"(?:has|got|with|holding|has got) a (?:knife|gun|blade|weapon|machete|bat)",
        r"(?:knife|gun|weapon|machete)\b.*\b(?:now|right now|outside|here|house|door)",
        r"(?:not safe|unsafe|in danger) (?:right now|now|tonight|here|at home|at the moment|in my house)",
        r"\b(?:i am|we are|i feel) (?:not safe|unsafe|in danger)",
        r"scared for (?:my|our|her|his) li(?:fe|ves)",
        r"(?:going to|will|is going to|wants to|tried to|try to|threatened to|threatens to|says he will|said he would|said she would|he would|she would|they will|they would) (?:\w+ ){0,2}kill (?:me|us|her|him|them|my|mum|dad|the)(?!.*\b(?:lol|haha|lmao|jk|(?<!not )joke|(?<!not )joking|late)\b)",
        r"help me (?:please|now|he|she|they)(?!.*\b(?:confused|understand|how (?:to|do|does)|use this|this (?:bot|app|chat|thing)|press|fill)\b)",  # not "help me please, how does this work"
        r"call (?:the )?police",
        r"(?:hiding|locked myself) (?:in|from)",
    ],
    "suicidal": [
        r"(?:sick|tired) of (?:this |my )?(?:life|living|being alive)(?=$| i | and | anymore| any more| now| so )",
        r"kill(?:ing)? myself", r"\bkms\b", r"\bunaliv\w*", r"take my (?:own )?life", r"end my life",
        r"(?:want to|going to|will|might|could|thinking (?:about|of)|planning to|plan to|just|gonna|should) (?:just )?end (?:it|it all|everything|things|my life)",
        r"(?:want|wants|wanted|wish|wishing|going|ready) (?:to )?die\b", r"(?:want to|wish i was|wish i were|better off) dead",
        r"wish (?:i was|i were|i could|i had) (?:dead|never born|not born|not here|not alive|disappear|gone|sleep forever|not wake up|never been born)",
        r"wish i (?:was not|did not|had not) (?:born|exist|here|alive|wake up|been born)",
        r"(?:do not|does not|never) want to (?:be here|live(?! with| at| in| near| there| back)|be alive|exist|wake up|go on|be around|carry on)",
        r"no (?:point|reason) (?:in |to )?(?:living|being alive|being here|going on|live|carrying on|carry on|me being here)",
        r"better off (?:dead|without me|if i (?:was|were) (?:gone|dead|not here))",
        r"(?:no one|nobody) (?:would|will|is going to) (?:even |really |actually |properly )?(?:miss|care|notice)",
        r"(?:easier|better) (?:for (?:everyone|them|you all|all of you) )?if i (?:just )?(?:(?:was|were) (?:not|never) (?:here|around|alive|born)|(?:was|were) gone|did not exist|disappeared)",
        r"(?:can not|could not) (?:go on(?! (?:a|the|my|our|holiday|holidays|trips?)\b)|do this anymore|take (?:it|this|any more|anymore)|cope any ?more|carry on like this|keep going|live like this)",
        r"say(?:ing)? goodbye (?:to everyone|forever|for good)", r"(?:jump|jumping) (?:off|in front)",
        r"hang myself", r"not (?:be|going to be) (?:here|around) (?:much longer|for long|tomorrow|anymore)",
        r"(?:life|living) is (?:not worth|pointless)", r"not worth living", r"(?:suicide|goodbye) (?:note|letter)",
        r"(?:this is|it is) my (?:last|final) (?:message|text|goodbye)(?! (?:for|till|until|before|on|about|of the))",
        r"(?:do not|can not|never) see myself (?:making it|living|being (?:here|alive)|getting) (?:to|past|till|until)",
        r"(?:want|wanna|going|ready) (?:to )?go to heaven", r"be with (?:my )?\w+ in heaven",
    ],
    "self_harm": [
        r"(?:cut|cutting|cuts|harm|harming|hurt|hurting|burn|burning|scratch\w*|starve|starving|punch\w*|hit|hitting|bite|biting) myself(?! (?:shaving|cooking|on (?:a|the)|by accident|accidentally|in the garden))",
        r"(?:been|keep|started|still|was|am|begun|began) (?:cutting(?! (?:up|down|back|out|off|the|some|a|it|his|her|my hair|grass)\b)|self harming|harming|burning myself|scratching)",
        r"i cut (?:my )?(?:arms?|legs?|wrists?|thighs?|skin|stomach)",
        r"(?:arms?|legs?|wrists?|thighs?) (?:\w+ ){0,5}(?:where|from when) i (?:cut|burnt|burned|scratched) (?:them|it|myself)", r"cut (?:my|me) (?:arms?|wrists?|legs?|thighs?)",
        r"\b(?:i|i have|i am|i keep|i still) (?:sh|relapsed)\b", r"\brelapsed\b",
        r"overdos\w*", r"\bod(?:ed)?\b", r"\bodd (?:on|again|last night)\b", r"took (?:all|too many|loads of|a load of|a lot of|a handful of|a bunch of|a packet of|the whole) (?:\w+ )?(?:pills|paracetamol)",
        r"(?:blade|razor)s?\b.*\b(?:my|i|me)\b|\b(?:my|i|me)\b.*\b(?:blade|razor)s?\b",
    ],
    "sexual_abuse": [
        rf"{_AGENT} (?:\w+ ){{0,3}}(?:touch(?:es|ed|ing)?|feels|felt|fiddles? with|grop\w*|molest\w*) (?:me|us|her|him|my|our)",
        r"(?:touch(?:es|ed|ing)?|grop\w*) (?:me|my|her|him) (?:down there|there|private|privates|at night|in bed|"
        r"(?:in|on|under) (?:the |my |her |his )?(?:changing rooms?|toilets?|showers?|shorts|pants|knickers|tent|sleeping bag))",
        # an adult who kisses a child of 15 or under: "her dance teacher kissed her after class, she's 13"
        r"\b(?:teacher|coach|tutor|instructor|leader|man|grown|older|adult|\d\d year old)\b.*\b(?:kiss\w*|snog\w*)\b"
        r".*\b(?:1[0-5]|[5-9])\b",
        r"(?:forc\w*|makes?|made|making|pressur\w*|tries to make|tried to make) (?:me|her|him|us)? ?(?:to )?(?:have sex|do (?:sexual|stuff|things|it)|touch (?:him|her|it|his|them)|suck|watch (?:porn|videos|rude)|send (?:pics|nudes|photos|pictures)|take (?:my|her|his|our) clothes off|get naked|strip(?! (?:my|the|our|his|her|a|all|your) )|get undressed|undress|sleep with)",
        r"forced (?:to have|into) sex", r"\brap(?:e|ed|es|ing|ist)\b", r"sexual(?:ly)? (?:abus\w*|assault\w*|touch\w*)",
        r"(?<!non )molest\w*", r"(?:does|did|doing|do) (?:things|stuff|bad things|sexual things|rude things|it) to (?:me|us|her|him)",
        r"(?<!before )(?:comes|came|coming|gets|got|creeps|crept) (?:in|into) (?:my|our|her|his) (?:room|bed)",
        r"in (?:my|our) bed at night", r"(?:nudes|naked (?:pics|pictures|photos)|dick pics?|rude (?:pics|pictures|photos))",
        r"(?:sex|sexual) with (?:me|him|her|an adult|a grown|older|men)",
    ],
    "exploitation": [
        r"(?:make|makes|made|making|get|gets|got) (?:me|us|him|her) (?:to )?(?:carry|sell|deliver|hold|move|run|drop|stash|hide|keep) (?:\w+ ){0,2}(?:stuff|things|drugs|packages|bags|parcels|weed|gear|money|phones|for them|for him|for her)",
        r"trap ?house",
        r"(?:owe|owes|owed|in debt to) (?:them|him|her|the gang|these|some|older)",
        r"older (?:lads|men|boys|guys|man|girls|people|kids|friends?) (?:give|gave|buy|bought|giving|buying|get|got|pick|picked|drive|drove|take|took)",
        r"(?:give|gave|giving|gives) (?:me|us|him|her) (?:free )?(?:weed|drugs|money|vapes|alcohol|booze|cash|phones|trainers|gifts)",
        r"(?:run|running|sell|selling|deal|dealing) (?:drugs|lines|weed|gear)", r"drugs? for (?:them|him|her|older)",
        r"(?:met|meet|talking to|talk to) (?:a |an |some )?(?:man|guy|lad|person|someone|adult|boy|girl) (?:i met )?(?:online|on snap|on snapchat|on insta|on tiktok|in a game|on a game)",
        r"(?:wants|asked|asks|keeps asking) (?:me )?to meet (?:up )?(?:him|her|them)? ?(?:in real life|irl|alone|secretly)",
        r"(?:keep|keeping) it (?:a )?secret",
        r"(?:make|makes|made) (?:me|her|him) (?:sleep|have sex) with (?:his|their|other|older|them|men)",
    ],
    "physical_abuse": [
        r"(?:held|holds|holding|put|puts|pushed|pushes|forced) (?:my|her|his|our) (?:hand|hands|arm|head|face|fingers?) (?:on|onto|over|in|into|under|against) (?:the |a )?(?:cooker|hob|oven|fire|iron|kettle|radiator|water|toilet|bath|sink|ring|flame)",
        # "mums boyfriend pushed me into the wall": the one harmed is inside the phrase
        rf"{_AGENT} (?:\w+ ){{0,3}}(?:pushed|pushes|shoved|shoves|slammed|slams|pinned|pins|threw|throws) (?:me|us|him|her|my \w+) (?:into|against|down|across|onto|up against)\b"
        r"(?! (?:the |a )?(?:pool|water|sea|river|lake|snow|sand|leaves|puddle|mud|hedge|ball pit)\b)(?!.*\b(?:lol|haha|lmao|joking)\b)",
        rf"{_AGENT} (?:\w+ ){{0,3}}{_HARM} (?:\w+ ){{0,2}}{_OBJECT}\b(?! (?:own )?(?:head|knee|leg|arm|hand|wrist|fingers?|foot|toe|ankle|elbow) (?:on|at|in|playing|doing|while|cooking))",
        rf"^(?!.*\b\d+ \d+\b).*?(?:get|gets|getting|got|been|being|was|were|am|is) {_PASSIVE_HARM}",  # not "battered 5-0"
        r"\b(?:bruises|black eye|burns|cuts|marks(?= (?:on (?:my|his|her|their|your|our|him|me|them|the (?:baby|kids?|child))\b|from|all over))) (?:on|from|all over)(?!.*\b(?:football|rugby|netball|hockey|trampolin\w*|cricket|boxing|training|match|climbing|playground|skateboard\w*|fell|fall|falling)\b)", r"(?:left|leaves|leaving) (?:bruises|marks)",
        rf"(?:said|says|threaten\w*|will|going to|would|he would|she would|he will|she will|they will) (?:\w+ ){{0,3}}(?:hurt|hit|beat|batter|get|smack|kill) (?:me|us|you|him|her|them|my|mum|the kids|the baby)(?: if)?(?!.*\b(?:lol|haha|lmao|jk|(?<!not )joke|(?<!not )joking|late)\b)(?! (?:\w+ )?(?:into|in) trouble)",
        # an injury explained away: "... but i told school i fell", "made me say i fell"
        r"\b(?:but|and|so) (?:i |we |he |she )?(?:told|tell|said to|say to) (?:school|the school|my teacher|the teacher|teachers|the nurse|the doctor|everyone) (?:that )?(?:i|he|she|we) (?:fell|tripped|walked into)",
        r"(?:made|makes|make|told|tells) (?:me|us|her|him) (?:to )?(?:say|tell \w+) (?:that )?(?:i|we|he|she) (?:fell|tripped|walked into|did it)",
        r"if i (?:tell|told|say anything|speak|talk)(?! (?:slowly|slow|english|quietly|fast|properly|with|in (?:english|my)))", r"not (?:allowed|supposed) to tell",
    ],
    "domestic_violence": [
        r"(?:controls|control|controlling|takes|took|keeps) (?:all )?(?:of )?(?:the|my|our) (?:money|bank|card|benefits)",
        r"(?:will not|does not|do not|never) let (?:me|her|mum|us) (?:see (?:anyone|my|friends|family|her|his)|leave the house|go out(?! (?:on school nights|late|after \w+|at night|past|till|until|on a school night))|have (?:money|my own|a phone)|talk to anyone|speak to anyone)",  # not a teenager's curfew
        r"(?:scared|afraid|frightened|terrified) (?:of (?:him|her|my|them|what)|he will|she will|to go home|of going home)",
        r"(?:fight|fights|fighting|rows|arguing|argue|screaming|shouting) (?:\w+ ){0,6}(?:hit|hits|hitting|throw|throws|smash\w*|police|knife|hurt\w*|blood|chok\w*)",
        r"police (?:were|came|got|had to be|have been) (?:called|round|to our|to the house)",
        r"(?:abusive|violent) (?:relationship|partner|ex|husband|wife|boyfriend|girlfriend|dad|mum|stepdad|home|household)",
    ],
    "risk_to_others": [
        r"shoot(?:ing|s)? up (?:his|her|their|my|the|our|a) (?:school|college|class|mosque|church)",
        r"(?:i|i will|i am going to|i might|i could|i feel like i could|i want to|i am gonna) (?:\w+ )?(?:hurt|kill|hit|smash|stab|batter|shake|strangle) (?:him|her|them|the baby|the kids|someone|somebody|"
        r"my (?!(?:back|arm|leg|knee|wrist|ankle|neck|shoulder|hand|foot|head|finger|toe|hip|elbow)s?\b)\w+)(?!.*\b(?:lol|haha|lmao|jk|(?<!not )joke|(?<!not )joking|late)\b)",
        rf"{_AGENT} (?:\w+ ){{0,3}}(?:going to|will|might|wants to|threaten\w* to) (?:hurt|kill|hit|touch) (?:my )?(?:\w+ )?{_CHILD}",
        rf"(?:my|our) {_CHILD} (?:\w+ ){{0,3}}(?:gets|got|is being|was|has been|keeps getting|is) {_PASSIVE_HARM}",
    ],
    "neglect": [
        r"(?:goes|go|went|is) out \w+ (?:and )?(?:is not|isnt|not|does not come) back (?:til|till|until)", r"\b[1-7] (?:year old|yr old|yo)\b.*\b(?:her own|his own|their own|herself|himself|themselves|theirselves|on (?:her|his|their) own)\b",
        r"no food (?:in|at) (?:the |our |my )?(?:house|home|flat)(?!.*\bshop)", r"(?:never|no|not any|nothing) (?:\w+ )?(?:food|to eat)\b(?!(?: for (?:me|us|him|her))? (?:at|in) (?:the )?(?:meeting|venue))",
        r"(?:does not|do not|never|will not|did not|not) (?:feed|cook for|give (?:me|us) food|buy food|make (?:me|us) (?:food|dinner|tea))",
        r"(?:not been|has not been|have not been|had not been|was not|were not) (?:fed|changed|washed|bathed)",
        r"(?:left|leaves|leaving) (?:me|us|them|the kids|the baby|my \w+) (?:home )?(?:alone|on (?:my|our|their) own)",
        r"left (?:home )?alone (?:all|for|at night|overnight|every|most|while|when|again)",
        r"home alone(?! (?:for )?(?:an hour|half an hour|a couple of hours|an hour or two|\d+ min\w*|after school|till|until)\b)",
        r"(?:no|got no|have no|without) (?:electric|electricity|heating|gas|hot water|water|clean clothes|bed|beds)\b",
        r"sleep(?:ing|s)? on the floor", r"nowhere (?:to|else to) (?:sleep|stay|live|go)",
        r"(?:no|without|got no) (?:shoes|coat|socks)\b.*\b(?:winter|january|february|december|snow|cold|freezing|frost)",
        r"barefoot (?:in|through) (?:the )?(?:winter|january|february|december|snow|cold|frost)",
        r"sleep(?:ing)? (?:at a mates|on the streets|rough|in a car|on (?:a|someones) sofa|in the park)",
        r"(?:mum|dad|she|he|they|parents) (?:is|are) (?:always |often |usually )?(?:drunk|high|wasted|passed out|off (?:her|his|their) face|out of it)",
        r"(?:drinks|drinking|using|takes drugs|doing drugs|on drugs) (?:\w+ )?(?:all the time|every day|every night|all day)",
        r"can not (?:look after|cope with|feed) (?:them|the kids|my kids|the baby|my baby|him|her)",
        r"(?:baby|kids|children) (?:has not|have not|had not|not) (?:eaten|been fed|had (?:anything|food|a bottle))",
    ],
    "eating": [
        r"not allowed to eat", r"not eaten (?:since|for|in) (?:\w+day|days|a week|ages|\d+ days)", r"(?:makes?|made) me (?:starve|not eat|throw up|skip meals)",
        r"(?:stopped|stop|not|have not been|can not stop|keep) eating(?! (?:meat|sugar|pork|dairy|gluten|junk|sweets))",
        r"make myself (?:sick|throw up|vomit)", r"throw(?:ing)? up after (?:i eat|eating|food|meals|dinner|tea)",
        r"\bpurg\w*", r"\bbing(?:e|ing|ed)\b", r"starv(?:e|ing) myself", r"\b(?:anorexi\w*|bulimi\w*)",
        r"eating disorder", r"\bmy ed\b", r"only eat(?:ing)? (?:one|1|a) (?:meal|thing|apple)",
        r"have not eaten (?:in|for) (?:days|\d+ days|a week|ages)", r"skip(?:ping)? (?:all )?meals",
        r"(?:hate|disgusted by) (?:my|me) (?:body|self)(?: when i eat)?", r"(?:too|so) fat to eat",
    ],
    "emotional_abuse": [
        r"(?:calls|called|keeps calling|call) me (?:names|stupid|useless|worthless|fat|ugly|a (?:slag|bitch|mistake|waste|freak|retard|idiot|burden))",
        r"says? (?:i am|i was|im) (?:worthless|useless|stupid|a mistake|nothing|a burden|a waste|fat|ugly|evil)",
        r"(?:wishes|wished|says she wishes|says he wishes) i (?:was never|was not|had never been) born",
        r"lock(?:s|ed)? (?:me|us) (?:in|out)", r"(?:screams|shouts|yells) at (?:me|us) (?:all the time|every day|constantly|for hours)",
        r"not allowed (?:out(?! (?:on|after|past|till|until|at|late|during|in the week)\b)|to see|to leave|to talk|to go|to have friends|to speak)",
        r"ignores? (?:me|us) for (?:days|weeks)",
        r"threaten\w* to (?:send me away|kick me out|put me in care|leave me|throw me out)",
        r"(?:scared|afraid|frightened|terrified) (?:to go|of going) home", r"(?:do not|does not) (?:want to|like to) go home",
        r"makes? me feel (?:worthless|scared|like nothing|like rubbish|useless)",
    ],
}

# Signs of harm or risk described without naming it: injuries, fear at home, things a child
# should not have to do, secrets, danger happening now. Each is a concept, written broadly.
_INDICATORS: dict[str, list[str]] = {
    "immediate_danger": [
        r"(?:kicking|banging|smashing|breaking|kicked|smashed) (?:\w+ )?(?:the |my |our )?(?:door|doors|window|windows|place|house) (?:in|down)?",
        r"(?:following|followed|chasing) me", r"(?:just )?(?:swallowed|taken|took) (?:the whole|all|a whole|a full) (?:packet|bottle|box|strip)",
        r"\b(?:collapsed|unconscious|not breathing|is not breathing|will not wake up|can not wake (?:her|him|them))\b",
        r"(?:blood everywhere|bleeding (?:loads|a lot|badly))", r"(?:has )?just (?:turned up|got in|broke in)",
        r"(?:hiding|locked|shut|barricaded) (?:\w+ )?in the (?:wardrobe|cupboard|bathroom|loft|bedroom|room)",
        r"(?:i am|we are) (?:hiding )?in the (?:wardrobe|cupboard|loft)", r"going to jump", r"\bon the (?:roof|bridge|ledge)\b",
        r"\b(?:someone|somebody|anyone|anybody) (?:please )?help(?: me| us)?(?: please)?$", r"\bhelp (?:me|us) (?:please )?(?:now|quick)",
    ],
    "suicidal": [
        r"(?:if|when) i (?:was|am|were) gone", r"(?:in case|if) (?:something|anything) (?:happens|happened) to me", r"(?:will not|wont|does not|doesnt) matter (?:soon|much longer|for long|anymore)", r"(?:pills|tablets|rope) (?:\w+ )?(?:saved|stashed|hidden|ready)",
        r"(?:got|have|saved) (?:the |my )?(?:pills|tablets) (?:saved|stashed|ready)",
        r"(?:will not|wont|not going to|might not|may not|probably will not|probably not) be (?:around|here|alive) (?:by then|much longer|for long|anymore|next|to see)",
        r"(?:goodbye|bye) (?:everyone|all|every1)\b.*\bsorry for everything|sorry for everything\b.*\b(?:goodbye|bye|love you all)",
        r"(?:thinking|thoughts|think) (?:about|of) (?:ending|killing|dying|not being here|ending it)",
        r"ending (?:my life|it all)", r"(?:step|stepping|jump|jumping|walk|walking|throw myself) in front of",
        r"(?:sleep|go to sleep) and (?:never|not) wake up", r"never wake up", r"(?:can not|can t) see a way out", r"no way out",
        # warning signs named in suicide prevention: looking up a method, a plan with a time, goodbyes
        r"painless way to (?:go|die|do it|end)|(?:quickest|easiest|quick|best|surest) way to (?:die|kill myself|end (?:it|things|my life))",
        r"how many (?:\w+ ){0,2}(?:pills|tablets|paracetamol|painkillers) (?:(?:it takes|does it take|would it take)(?! (?:for|to work|to kick|before|with))|would kill|to die|to kill)",
        r"(?:got|have|made|has) a plan and a (?:date|day|time|way)",
        r"giv(?:e|es|ing|en) (?:all )?(?:my|me) (?:\w+ )?(?:stuff|things|belongings|clothes|games|jewellery) away|giv(?:e|es|ing|en) away (?:all )?my (?:stuff|things|belongings)",
        r"who (?:gets|can have|should have|will get|is getting) (?:all )?my (?:\w+ )?(?:stuff|things|belongings|xbox|ps5|playstation|games|clothes|phone)\b",
        r"(?:will not|wont|not going to) be (?:at|there|around|here|coming)\b.*\btell (?:my )?\w+ (?:i love|that i love|i am sorry|sorry)",
    ],
    "self_harm": [
        r"(?:bang|banging|hit|hitting|punch|punching) (?:my head|walls?|the wall|doors?)",
        r"till (?:it|they|my \w+) (?:bleeds?|bled|split|bruise)", r"(?:on purpose|deliberately) (?:\w+ ){0,4}(?:hurt|feel|numb|bleed)",
        r"(?:hurt|cut|burn|scratch|punch|took|take|bang)\w* (?:\w+ ){0,4}on purpose", r"\bsh ?(?:ing|ed|d)\b",
        r"(?:arms?|legs?|wrists?|thighs?) (?:are |is )?(?:covered in|full of) (?:cuts|scars|marks|burns)",
        r"bit (?:her|his|my) own", r"to feel (?:something|numb|better|in control)\b(?!.*\bmeeting\b)", r"deserved? it",
        r"\bi (?:still |sometimes |only |just )?cut (?:when|whenever|if|most nights|every night|again)\b",
        r"\bmy cuts (?:\w+ ){0,4}(?:green|infected|weeping|open again|keep bleeding|will not stop)",
    ],
    "sexual_abuse": [
        r"watch(?:es|ing|ed)? me (?:in the (?:shower|bath)|shower|undress|getting (?:changed|dressed)|in bed|sleep)",
        r"(?:comes|coming|came|walks|walking|walked) in (?:\w+ ){0,2}when i (?:am )?(?:in the (?:shower|bath)|getting (?:changed|dressed)|undressed)",
        r"(?:our|a|his|her) (?:special |little )?secret", r"\bunderwear\b", r"\b(?:go|get|going) on (?:cam|camera|video) ",
        r"take (?:my|her|his|your) (?:top|clothes|shirt|bra|pants) off", r"what (?:he|she|they|grandad|granddad|uncle|dad|\w+) (?:does|did|do) to (?:me|my|us|her|him)\b",
        r"sex offenders?", r"(?:not allowed|is not allowed|banned) (?:near|around) (?:kids|children)",
    ],
    "exploitation": [
        r"(?:met|meet|talking|talk|chatting|speaking)\b.*\b(?:roblox|snapchat|snap|insta|instagram|tiktok|discord|fortnite|xbox|playstation|online|a game)\b.*\b(?:meet|loves? me|pics|older|\d{2})",
        r"(?:says|said) (?:he|she) loves me",
        r"(?:took|take|taken|taking) (?:me|us|him|her) to (?:a|their|his|some) (?:flat|house|hotel|place) (?:in another|in a different|out of)",
        r"(?:going|goes|gone|went|keeps going) missing", r"(?:send|share|post|show) (?:them|the pics|it|the photos|those) to (?:my|the|his|her|our) (?:whole )?(?:school|family|friends|mum)",
        r"unless i (?:send|do|pay|give)", r"sextort\w*", r"work (?:it|them) off", r"\bplugging\b",
        r"(?:take|taking|took|carry|carrying|drop|dropping) (?:bags|packages|parcels|stuff|things) (?:up |down )?to",
        r"(?:keep|keeps|hide|hiding|stash\w*) (?:stuff|things|bags|it) (?:\w+ ){0,4}for them", r"not allowed to say what",
        r"can not say no", r"gives? me (?:\w+ )?(?:vodka|alcohol|booze|drink|fags|cigarettes|drugs|weed|money|cash|gifts|vapes)",
    ],
    "domestic_violence": [
        r"(?:hide|hiding|hid) (?:\w+ ){0,3}(?:under|in) (?:\w+ ){0,3}when (?:they|he|she|dad|mum)",
        r"(?:smashing|smash|smashed|throwing|threw) (?:\w+ )?(?:stuff|things|plates|the place|the house|furniture)",
        r"pushed (?:\w+ ){0,2}down the stairs", r"(?:held|holds|holding|put|puts) a (?:knife|blade) to",
        r"(?<!\bi )(?<!\bshe )(?<!daughter )(?<!sister )(?<!girl )broke (?:my|her) (?:jaw|nose|arm|ribs?|wrist|leg|fingers?)", r"(?:another|a new|got a) black eye(?!.*\b(?:boxing|football|rugby|training|match|cricket|hockey|fell|climbing)\b)",
        r"walked into a door", r"(?:black eye|bruises|broken \w+) (?:\w+ ){0,6}(?:did it|did that|from him|from her)",
        r"\b(?:bruises?|welts|burns|marks(?= (?:all )?(?:(?:down|on|over|across) (?:my|his|her|their|your|our|him|me|them|the (?:baby|kids?|child))\b|from))) (?:all )?(?:down|on|over|from|across)(?!.*\b(?:playing|football|rugby|trampoline|fell|fall|accident|netball|hockey|bike|pe|sport|sports|match|climbing|playground|boxing)\b)", r"(?:from|with) the belt",
        r"(?<!\bi )\b(?:pinch|pinches|pinched|twist|twists|twisted) (?:me|my)(?! words)",  # not "i twisted my ankle"
    ],
    "risk_to_others": [
        r"(?:set fire to|burn down|burn|torch) (?:the|their|his|her|your|that|my|our) (?:\w+ )?(?:house|flat|home|office|school|building|shop|car|place|mosque|church|temple|synagogue|gurdwara)",
        r"i know where (?:she|he|they|you|that \w+(?: \w+)?) (?:lives?|parks?|works?|sleeps?)", r"(?:get|gets|getting|got) what (?:is|s) coming",
        r"(?:they|he|she) (?:will|would|are going to|is going to) (?:do|get|sort|hurt) (?:my|your|our) (?:mum|dad|nan|gran|family|brother|sister|little \w+)\b",
        r"(?:going to|will|wants to|keeps saying he will|keeps saying she will) (?:stab|kill|hurt|batter|shoot|knife) (?:the|a|that|this|some) (?:lad|boy|girl|man|guy|kid|person|teacher)",
        r"(?:thoughts?|thinking) (?:about|of) (?:hurting|harming|killing|shaking) (?:the baby|my baby|him|her|them|the kids|my kids)",
        r"(?:burn|set fire to) (?:the|our) (?:house|flat|home)", r"with (?:all of )?us in it",
        r"(?:hurting|hurts|kills|killed|kicks) the (?:cat|dog|pet|puppy)",
        r"(?:pics|photos|pictures) of (?:her|his|their) (?:cuts|arms|scars)",
        r"drunk\b.*\b(?:drive|drives|driving|drove|picks? \w+ up|behind the wheel)|\b(?:drive|drives|driving|drove)\b.*\bdrunk",
    ],
    "neglect": [
        r"(?:has not|have not|had not|not) been (?:home|back) (?:since|for)", r"(?:been )?gone since", r"\b(?:out|gone|away) every (?:night|nite|day|weekend)",
        r"(?:leaves|left|leaving) me with (?:the baby|my (?:little |baby )?(?:brother|sister|brothers|sisters))",
        r"forgets? to (?:feed|pick|collect|take)", r"(?:no one|never) (?:washes|feeds|cooks|takes me|looks after|picks me|wakes me)",
        r"living on (?:crisps|sweets|nothing|biscuits)", r"(?:nothing|only cans|just cans|no food) in (?:the|their|her|his|our|my) (?:fridge|cupboards?|house)(?!.*\bshop)",
        r"(?:are|is|were|was|get|gets|getting) left (?:home )?(?:alone|on (?:their|his|her|my|our) own)",
        r"\bmould\b", r"(?:dog mess|rubbish|filth|poo) (?:everywhere|all over|on the floor)", r"full of (?:rubbish|dog mess|mess)",
        r"sofa surfing", r"(?:chucked|kicked|threw|thrown) (?:me|us|him|her) out", r"same (?:uniform|clothes) (?:all|for a) week",
        r"(?:tooth|teeth) (?:\w+ ){0,6}(?:months|black|rotten)", r"(?:dad|mum)s? (?:is )?never (?:awake|up|home|there|around)",
        r"\b(?:i am|she is|he is|they are) (?:[4-9]|1[0-2])\b.*\b(?:look after|looking after|get myself|make tea|mind|minding|on my own|alone|leaves me)",
        r"(?:kids|grandkids|children|they|baby) (?:are|were|is) (?:always )?(?:starving|hungry)", r"not got out of bed for (?:days|weeks)",
        r"can not make myself care", r"not really around",
    ],
    "eating": [
        r"(?:i have|i think i have|i have got|got) an? (?:ed|eating disorder)\b", r"\b(?:[1-9]\d{1,2}|1[01]\d\d|1200) (?:cals|calories)\b",
        r"hides? food", r"hair (?:is )?(?:coming|falling) out", r"down to (?:\w+ )?stone", r"(?:feel|felt|feeling) (?:disgusting|fat|gross|sick) when i eat",
        r"(?:do not|dont|not) (?:eat|swallow) (?:anymore|any more)", r"spit (?:it |them )?out", r"\bpro ?(?:ana|mia)\b|\bthinspo\b",
        r"(?:be|stay|get|being) (?:thin|skinny)\b", r"skip (?:every|all|my) meals?", r"just do not (?:eat )?anymore",
    ],
    "emotional_abuse": [
        r"(?:tells|told|says|said|screams|shouts|yells)\b.*\b(?:everyone hates me|no one (?:will )?(?:ever )?(?:wants?|loves?) me|i (?:was|am) a mistake|(?:it is|its) my fault|i am (?:thick|stupid|useless|worthless|fat|ugly|nothing)(?! at\b)|(?:he|she|i) (?:is|am) (?:stupid|useless|worthless)(?! at\b)|should (?:not|never) have (?:had|been born)|get rid of me)",
        r"treats? (?:me|him|her|us) like (?:dirt|rubbish|a dog|nothing|a slave)",
        r"(?:do not|does not|dont|not) (?:talk|speak) to me for (?:days|weeks)", r"like i am not (?:even )?there",
        r"(?:stand|sit|kneel) (?:\w+ ){0,4}all night", r"what happens if i (?:tell|grass|say|speak)", r"(?<!the )\bgrass\b",
        r"(?:me|us|him|her|them) (?:in|into) a care home", r"no one will ever want me",
    ],
}

# Words that count on their own when the person speaks of themselves or their family.
_WORDS: dict[str, str] = {
    "sexual_abuse": r"\b(?:abus\w*|sexual(?:ly)?)\b.*\b(?:sex|sexual\w*|touch\w*)\b",
    "physical_abuse": r"(?<!domestic )\babus(?:e|ed|es|ing|ive|er)\b",
    "neglect": r"\bneglect(?:ed|ing|s)?\b",
    "domestic_violence": r"\b(?:violent|violence|domestic abuse|non molestation order|restraining order)\b",
    "self_harm": r"\bself ?harm\w*",
    "suicidal": r"\bsuicid\w*",
    "exploitation": r"\b(?:gangs?\b(?! up)|groom\w*|exploit\w*|trafficked|trafficking|county lines)\b",
    "eating": r"\b(?:anorexia|bulimia)\b",
    # The names of the kinds added below: "they want fgm done on me", never "what is fgm?"
    "online_abuse": r"\bsextort\w*",
    "trafficking": r"\b(?:traffick\w*|modern slave\w*)",
    "forced_marriage": r"\b(?:forced (?:a )?marriage|fgm|female genital|genital (?:cutting|mutilation)|"
                       r"honou?r (?:based|killing|abuse|violence))\b",
    "radicalisation": r"\b(?:radicali[sz]\w*|extremis\w*|jihad\w*|isis|terroris\w*|white power|race war|"
                      r"great replacement|incel\w*)",
}
_SPEAKS_OF_SELF = re.compile(rf"\b{_ME}\b|\b(?:mum|dad|stepdad|stepmum|partner|boyfriend|husband|he|she|they)\b")
# "what is ...", "what does X mean": a question about a word, not about the person.
_MEANING_QUESTION = re.compile(r"^(?:what|whats|wat|wot|define|explain)\b|\bmeans?\b|\bstand for\b|\bdefinition\b")

# The kinds of harm in Working Together to Safeguard Children 2023 and Keeping Children Safe in
# Education that the ones above did not name: each with its own fitting helpline (helplines.yml).
_STATEMENTS.update({
    "online_abuse": [
        r"(?:asked|asking|asks|wants|wanted|keeps asking|kept asking|told|tells|begging|pressur\w*) (?:me |her |him )?(?:to |for )?(?:send |sending )?(?:him |her |them )?(?:a |some |more )?(?:nudes|pics of me|pictures of me|photos of me|naked|nude|rude|private|topless|pics in my|pictures in my|photos in my)",
        r"(?:send|sent|sending) (?:him|her|them|someone) (?:a |some )?(?:nudes|pics|pictures|photos|videos?) (?:of me|of my|of myself|without|in my|naked)",
        r"(?:share|post|send|leak|show) (?:my|the) (?:pics|pictures|photos|videos?|nudes) (?:to|with|online|everyone|unless|if)",
        r"(?:unless|if i do not) (?:i )?(?:send|pay|give)",
        r"(?:online|on snap\w*|on insta\w*|on tiktok|on discord|on roblox|on fortnite|in a game|on a game|on whatsapp)\b.*\b(?:older|adult|\d\d year old|grown|man|woman|meet up|meet him|meet her|nudes|pics)\b",
        r"(?:older|adult|grown) (?:man|woman|guy|person|bloke)\b.*\b(?:online|snap\w*|insta\w*|messag\w*|dms?|chat\w*)\b",
        r"(?:video call|webcam|facetime)\b.*\b(?:clothes off|undress|naked|touch)",
    ],
    "trafficking": [
        r"(?:took|take|takes|taken|keep|keeps|kept|has|have) (?:my|our|her|his) (?:passport|papers|documents|id)",
        r"(?:not|never) (?:allowed|let) (?:me |us )?(?:to )?(?:leave|go out|go outside|go to school)\b.*\b(?:work|working|clean|cleaning|pay|paid|money)",
        r"(?:work|working|worked|clean|cleaning) (?:\w+ ){0,4}(?:no money|not paid|for free|without pay|without money|for nothing|every day)\b.*\b(?:no school|not school|not allowed|cannot leave|can not leave|locked|passport|owe)",
        r"(?:brought|bring|brings|sent|came) (?:me |us |her |him )?(?:\w+ ){0,2}(?:here|to (?:the uk|england|this country|britain)) (?:to work|and (?:made|make|makes) (?:me|us) work|for work)",
        r"(?:work|working) to pay (?:off|back) (?:the|my|our) (?:debt|journey|travel|money)",
    ],
    "forced_marriage": [
        r"(?:make|makes|made|making|force|forcing|forced|want|wants|going to|pressur\w*) (?:me|her|him|my (?:sister|daughter|cousin)) (?:to )?(?:marry|get married|be married|engaged)",
        r"(?:marry|married off|marrying) (?:me|her|him) (?:off|to (?:a|an|my|his|her|some|someone|this))",
        r"(?:arranged|forced) (?:a )?marriage (?:for|to|with) (?:me|her|him|my)",
        r"(?:wedding|marriage|married) (?:\w+ ){0,6}(?:back home|abroad|in pakistan|in india|in bangladesh|over there|this summer|in the holidays)\b.*\b(?:do not want|did not want|not want|scared|too young|school|\d\d? year)",
        # nikah, shaadi and rishta: the words for a marriage, a wedding and a match many families use
        r"(?:i am|she is|he is|only|just) (?:1[0-7]|[5-9])\b.*\b(?:marry|married|wedding|husband|engaged|nikah|shaadi|shadi|rishta)\b|"
        r"\b(?:marry|married|wedding|husband|engaged|nikah|shaadi|shadi|rishta)\b.*\b(?:i am|she is|he is|only|just) (?:1[0-7]|[5-9])\b",
        r"\bcut (?:down there|her down there|me down there)\b",
        r"(?:cutting|cut) ceremony|be (?:made )?(?:clean|pure) (?:down there|there|like)|\b(?:sunna|khatna|khitan|tahoor)\b",
        r"(?:shame|shamed|dishonou?r\w*|honou?r)\b.*\b(?:family|kill|hurt|punish\w*|beat|send (?:me|her) (?:back|away|abroad))",
    ],
    "radicalisation": [
        r"(?:kill|hurt|attack|bomb|shoot|get rid of) (?:all )?(?:the )?(?:muslims|jews|immigrants|foreigners|gays|christians|women|blacks|whites|infidels|kuffar|those people)",
        r"(?:martyr\w*|holy war|die for (?:the|our) cause|fight for (?:the|our) cause)",
        r"(?:muslims|jews|immigrants|foreigners|gays|christians|blacks|whites|infidels|kuffar) (?:should|must|need to|deserve to) (?:all )?(?:be killed|die|be wiped out|be shot|be bombed|burn)",
        r"(?:videos|group|chats?|channel|server|people) (?:online )?(?:\w+ ){0,3}(?:about|telling (?:me|him|her)|saying) (?:\w+ ){0,4}(?:attack\w*|bomb\w*|kill\w*|weapons?|war|hate|hurt people)",
        r"(?:making|make|made|build\w*|3d print\w*) (?:a |an |my own |their own )?(?:bomb|explosive\w*|pipe bomb|guns?|firearms?)",
        r"(?:attack|hurt|kill|fight) (?:\w+ ){0,2}(?:people|them|others|anyone) for (?:the|our|a|his|their) (?:cause|faith|people|race|country)",
    ],
    "homeless": [
        r"(?:kicked|thrown|chucked|threw|kick|throw|chuck|put) (?:me|us|him|her)(?: and (?:the|my|our) (?:kids|children|baby|boys|girls))? (?:out|out of (?:the house|home|the flat))(?! of (?:school|class|college|the (?:game|team|club|lesson|shop|match)))",
        r"(?:got |have )?nowhere (?:to (?:go|sleep|stay) )?tonight",
        r"(?:sat|sitting|sleeping|stuck) (?:in|at) (?:the |a )?(?:train|bus|coach) station\b.*\b(?:night|\d+ ?pm|midnight|tonight|nowhere)\b",
        r"(?:told|tells|telling) (?:me |us )?(?:to )?(?:get out|leave|pack my|go and never)",
        r"(?:nowhere|no where|no place|nowhere safe) (?:to )?(?:go|live|sleep|stay)",
        r"(?:do not|did not) have (?:got )?anywhere (?:else )?(?:to )?(?:go|live|sleep|stay)\b(?! (?:for the|for our) (?:meeting|kids))",
        r"(?:sleeping|slept|sleep|living) (?:rough|on the streets?|in (?:a|the|my) (?:car|park|tent|stairwell|bus station|doorway))",
        r"(?:sofa|couch) surf\w*|(?:sleeping|staying|kipping) (?:on|at) (?:\w+ )?(?:mates|friends|someones) (?:sofa|couch|floor|house)",
        r"(?:not allowed|can not go|cannot go|will not let me) (?:back )?(?:home|in the house|back in)",
        r"(?:homeless|no home|lost (?:our|my) (?:home|flat|house)|evicted)",
    ],
    "parent_incapable": [
        r"(?:out of it|off (?:her|his|their|my) (?:face|head)|wasted|high) on (?:ket|ketamine|coke|crack|weed|spice|pills|gear|heroin|smack|vodka|drink|booze)",
        # driving after drink: "drove us back after like 6 cans" (not "drove to the pub, had a few drinks")
        r"(?:drove|driving|drive|drives)\b.*\b(?:after|on) (?:like |about |a )?(?:\d+|two|three|four|five|six|seven|eight|loads of|a few|few|couple of) (?:cans|pints|drinks|beers|bottles)\b",
        r"(?:drunk|pissed|wasted|over the limit|high) (?:\w+ ){0,3}(?:drove|driving|behind the wheel)",
        r"(?:mum|dad|parents?|stepdad|stepmum|she|he|they|carer|nan|gran) (?:is |are |was |were |gets |got |always |usually |too |so )*(?:off (?:her|his|their) face|out of (?:it|her face|his face)|passed out|comatose|unconscious|wasted|smashed|hammered|high|stoned|drunk|off it)\b.*\b(?:kids|baby|us|me|look after|feed|school|alone|wake|nappy|care of|bottle)\b",
        r"(?:passed out|pass out|passes out|unconscious|out cold|comatose) (?:\w+ ){0,5}(?:drunk|drink\w*|drugs|high|vodka|wine|cans|pills|gear)",
        r"(?:needles|syringes|crack pipe|foil|spoons) (?:\w+ ){0,4}(?:house|flat|floor|kitchen|bathroom|bedroom|lying around|everywhere)",
        r"(?:too|so) (?:drunk|high|stoned|out of it|wasted|off (?:her|his|their) face) to (?:look after|care for|feed|wake|get up|notice|take)",
        r"under the influence\b(?!.*\b(?:years ago|used to|when i was)\b)",
        r"(?:drink|drinks|drunk|drinking|can|cans|vodka|wine|spliff|joint|line) (?:\w+ ){0,2}before (?:the |doing the )?(?:school run|picking (?:them|him|her|the kids) up|driving the kids|taking the kids)",
        r"(?:drinks|drinking|drunk|uses|using|high|smoking) (?:\w+ ){0,3}(?:every day|all day|every night|from the morning|when she wakes|when he wakes)\b.*\b(?:kids|baby|us|me|look after|feed|school|alone)",
    ],
})

_STATEMENT_RES = {c: [re.compile(p) for p in ps + _INDICATORS.get(c, [])] for c, ps in _STATEMENTS.items()}
_WORD_RES = {c: re.compile(p) for c, p in _WORDS.items()}
_AGE_GAP_PARTNER = re.compile(r"\b(?:boyfriend|girlfriend|seeing|dating|going out with|sleeping with|partner)\b")


# Words of harm that tell of no harm, each said so in a way that shows it: a figure of speech ("my
# dad is going to kill me, I scratched his car", "I could die of cringe"), a game, a ball in the face,
# keys left inside, a toddler's bite. They are taken out before the patterns read the message.
_FIGURES = re.compile("|".join((
    r"\b(?:die|died|dying|dead) (?:of|from) (?:cringe|embarrassment|laugh\w*|boredom|shame)\b",
    r"\b(?:going to|will|would) (?:kill|murder|strangle|throttle) (?:me|us)\b(?= (?:\w+ ){0,4}?i "
    r"(?:forgot|forget|put|broke|break|lost|lose|scratched|spent|dropped|smashed|missed|failed|fail|dyed|ate|wore|"
    r"crashed|dented|burnt|got (?:a )?detention|got home late|am late|was late|come home late)\b)",
    r"\b(?:kill|murder|strangle|throttle)\w* (?:\w+ ){0,4}(?=.*\b(?:joking|jk|just kidding|only kidding)\b)(?!.*\bnot (?:joking|kidding)\b)",
    r"\b(?:kill\w*|stab\w*|shot|shoot\w*|murder\w*|blew up|blow up) (?:\w+ ){0,3}(?:in|on) (?:minecraft|fortnite|roblox|"
    r"cod|call of duty|gta|the game|a game|xbox|the xbox|playstation|the ps\d)\b",
    r"\b(?:got|get|gets|was|been) hit (?:in the \w+ )?(?:with|by) (?:a|the) (?:\w+ )?(?:ball|netball|football|hockey stick|"
    r"frisbee|swing|door|branch)\b",
    r"\b(?:got|get|were|was|are|am) locked out\b(?=.*\b(?:locksmith|keys?)\b)",
    r"\b(?:volunteer\w*|work|working) (?:at|in|for) (?:a|the) (?:homeless|food bank|refuge)\b",
    r"\bno food (?:needed|required|necessary)\b",
    # a knock in sport or play, told with the game: "broke my wrist playing rugby", "a bruise from sparring"
    r"\b(?!.*\b(?:not from|like i said|said it was|told (?:them|everyone|the school)|made me say)\b)"
    r"(?:broke|broken|bruis\w*|black eye|cut|sprain\w*|got (?:hit|punched|kicked|elbowed))\b(?:\s\w+){0,8}?\s(?:playing|at|in|from|"
    r"during|doing) (?:\w+ )?(?:rugby|football|basketball|netball|hockey|cricket|boxing|kickboxing|karate|judo|"
    r"sparring|spar|pe|training|trampolin\w*|the trampoline)\b",
    r"\b(?!.*\b(?:not from|like i said|said it was|told (?:them|everyone|the school)|made me say)\b)"
    r"(?:rugby|football|basketball|netball|hockey|cricket|boxing|kickboxing|karate|judo|sparring|spar|pe|training|"
    r"trampolin\w*)\b(?:\s\w+){0,8}?\s(?:broke|broken|bruis\w*|black eye|sprain\w*)\b",
    r"\b(?:stabbed|killed|shot) (?:\w+ ){0,7}(?:in|on) among us\b",
    r"\b(?:slapped|hit) with (?:a|an) (?:detention|fine|ban|bill|parking ticket)\b",
    r"\bscared of what (?:people|they|others|everyone|the others) (?:will |might |would )?(?:say|think)\b",
    r"\b(?:nightmare|bad dream|thunder|storm|poorly)\b.*\b(?:got|came|climbed|crept) (?:in|into) (?:our|my) bed\b",
    r"\b(?:phone|battery|charger|laptop|tablet|car|ipad)\b(?: \w+){0,3} (?:dying|dyin|died|dead|dies|die)\b",
    r"\bcutting (?:down on |back on |out )?(?:carbs|sugar|crisps|chocolate|caffeine|meat|dairy)\b",
    rf"\b(?:sister|brother|cousin|baby) (?:\w+ ){{0,2}}{_HARM} me\b(?=.*\b(?:she is|he is|she was|he was) (?:[1-4]|one|two|three|four)\b)",
)))

# Harm that is over: told as the past ("used to", "years ago", "in 2019") with how it ended ("sober
# four years", "we're settled"), and nothing since. Never for sexual abuse, self-harm, thoughts of
# suicide, danger now or a risk to others: those are told to a person however long ago they were.
_PAST = re.compile(r"\b(?:used to|years? ago|when (?:i|he|she|we|they) (?:was|were) (?:little|young|small|a kid|a teenager|younger|\d+)|as a "
                   r"(?:teenager|kid|child)|in (?:19|20)\d\d|back in|for a (?:bit|while)|in the past|long time ago|"
                   r"a while back|had an?)\b")
_ENDED = re.compile(r"\b(?:recovered|sober|clean (?:for|now|since)|got out|been out|no contact|safe and happy|settled|"
                    r"rehoused|found us a (?:flat|house|home)|get on (?:fine|well|great)|moved on|dealt with|"
                    r"nobody was hurt|no one was hurt|got help|(?:a )?different person|get on now|fully well|"
                    r"(?:got|have) (?:a |our own |a lovely )?(?:council )?(?:flat|house|home) now|now (?:we|i) have (?:a|our)\b)\b")
_NOT_ENDED = re.compile(r"\b(?:again|relapsed|back on|coming back|last night|yesterday|this week|this morning|"
                        r"tonight|today|right now|every day|all the time|is still|are still|still (?:there|in there|going on|happening)|got (?:him|her|them) (?:on|doing|selling|running|working))\b")
_NEVER_OVER = frozenset({"sexual_abuse", "self_harm", "suicidal", "immediate_danger", "risk_to_others"})
_NEVER_OVER_WORDS = re.compile(r"\b(?:touch\w*|sex\w*|rap(?:e|ed|ist)|(?<!domestic )abus\w*|molest\w*|groom\w*|"
                               r"cut\w*|self ?harm\w*|kill\w*|suicid\w*|die|dead)\b")

# A lesson or talk at school about a kind of harm, with nothing said of the person's own life.
_LESSON = re.compile(r"\b(?:pshe|rse|assembly|lesson|workshop|safety talk|talk at school|in class|learn\w* about)\b")
# Own life: the writer, or someone near them who could harm or be harmed.
_OWN_LIFE = re.compile(r"\b(?:my|me|happen\w*)\b")
# Study or a story: "a school project on the suffragettes and the violence they faced", "a film about a
# boy who was homeless". Only the writer's own "me" makes it their life.
_STUDY = re.compile(r"\b(?:school project|project (?:on|about)|essay (?:on|about)|article (?:on|about)|homework (?:on|about)|"
                    r"for (?:my|his|her|our) (?:\w+ )?homework|documentary|storyline|(?:drama|dissertation|course|lecture) (?:about|on)|(?:a|the) (?:film|movie|book|novel|"
                    r"play|show|programme|episode) about)\b")


def _without_figures(plain: str) -> str:
    return " ".join(_FIGURES.sub(" ", plain).split())


def _over(plain: str) -> bool:
    return bool(_PAST.search(plain) and _ENDED.search(plain) and not _NOT_ENDED.search(plain))


def _about_a_lesson(plain: str) -> bool:
    return bool((_LESSON.search(plain) and not _OWN_LIFE.search(plain)) or (_STUDY.search(plain) and not re.search(r"\bme\b", plain)))


def harm_not_meant(text: str) -> bool:
    """Whether the words of harm in a message are a figure of speech, a school lesson or harm long over,
    so that the trained classifier alone should not call it a disclosure."""
    plain = normalise(text)
    figures = _without_figures(plain)
    return ((figures != plain and not has_risk_words(figures)) or _about_a_lesson(plain)
            or (_over(plain) and not _NEVER_OVER_WORDS.search(plain)))


# Words that go with harm or risk. When only the trained classifier thinks a message is a
# disclosure and none of these words is in it, the assistant checks gently instead of assuming:
# the classifier also reads plain mentions of family ("my uncle takes me fishing") as harm.
_RISK_WORDS = re.compile(
    r"\b(?:hurt\w*|hit|hits|hitting|beat\w*|batter\w*|slap\w*|punch\w*|kick\w*|push\w*|shov\w*|grab\w*|"
    r"chok\w*|strangl\w*|burn\w*|bruis\w*|marks|blood\w*|bleed\w*|cut|cuts|cutting|scars?|knife|knives|blade\w*|"
    r"weapon\w*|gun|kill\w*|die|dies|died|dead|death|dying|suicid\w*|overdos\w*|pills|jump|hang|"
    r"scared|afraid|frighten\w*|terrif\w*|fear\w*|unsafe|safe|danger\w*|threat\w*|secret\w*|touch\w*|sex\w*|"
    r"naked|nudes?|pics|photos|undress\w*|shower|bed|rape\w*|abus\w*|groom\w*|online|drugs?|weed|gear|drunk|"
    r"drink\w*|alcohol|vodka|high|owe|owes|debt|gang\w*|police|hungry|starv\w*|food|eat|eating|ate|fed|feed\w*|"
    r"sick|vomit\w*|fat|thin|weight|calories|cals|alone|lock\w*|shout\w*|scream\w*|yell\w*|hates me|worthless|"
    r"useless|stupid|ugly|mistake|cry|crying|hide|hiding|missing|run away|ran away|smash\w*|threw|throw\w*|"
    r"broke|broken|hospital|pain|numb|punish\w*|disappear|cope|never|ignore\w*|forced|makes me|made me)\b")


def has_risk_words(text: str) -> bool:
    return bool(_RISK_WORDS.search(normalise(text).replace("fed up", "")))


# How sure the disclosure model must be, when no pattern matched, for the full safe reply rather
# than a gentle check. On tests/safeguarding/dev.yml, 0.8 kept every disclosure caught (a gentle check
# counts) and halved the ordinary messages that got the full reply; a lower bar also gave it to a
# grandmother who "had a little cry" after a meeting.
CLASSIFIER_SURE = 0.8
# A pattern's match that the disclosure model all but rules out is asked about gently instead: on the
# blind sets left out of training this halved the near misses given the full reply ("broke my wrist
# playing rugby") and lost no disclosure, since the gentle check still raises a flag.
PATTERN_DOUBTED = 0.1

# With no pattern and the disclosure model not sure, the intent classifier's confident first guess at
# another meaning wins: answers in the middle of the questions ("2 hrs max, got 2 get back 4 the baby"),
# a complaint about a professional ("... I went home and had a little cry"). Chosen on the conversation
# scripts, the red team and the development set: alarms 1.4% -> 0.4%, 2.4% -> 1.5% and 0.6% -> 0%, with
# no disclosure lost.
OTHER_MEANING_SURE = 0.5

DISCLOSURE_INTENT = "disclose_harm"
LIKELIHOOD_KEY = "disclosure_likelihood"  # the disclosure model's output, carried on every parsed message


_SECRECY = re.compile(r"\b(?:do not|never|dont) (?:tell|say|show|let (?:him|her|them|my \w+) (?:know|see|find out))\b|"
                      r"\bkeep (?:it|this|that) (?:a )?secret\b|\bbetween (?:us|you and me)\b|"
                      r"\bpromise (?:not to|you will not|me you will not)\b|\b(?:must|can) not (?:know|find out|see)\b")


def asks_for_secrecy(text: str) -> bool:
    """"pls dont tell him", "keep it between us": after telling of harm, a request only the honest
    answer can meet (who is told, and that it cannot be kept secret)."""
    return bool(_SECRECY.search(normalise(text)))


def classifier_is_sure(text: str, likelihood: float) -> bool:
    """Whether the model alone may be taken at its word: very sure, words that go with harm, and not
    a figure of speech or harm long over."""
    return likelihood >= CLASSIFIER_SURE and has_risk_words(text) and not harm_not_meant(text)


def needs_full_reply(text: str, likelihood: float) -> bool:
    """For a message taken as a disclosure: the full safe reply (True) or the gentle "are you safe?"
    check (False). A pattern counts unless the model all but rules it out; the model alone only when sure."""
    return (detect(text) is not None and likelihood >= PATTERN_DOUBTED) or classifier_is_sure(text, likelihood)


def checked_intent(text: str, intent: dict, ranking: list[dict], likelihood: float, threshold: float,
                   fallback_threshold: float) -> dict:
    """The intent of a message after the safeguarding check: a disclosure when a pattern matches, or the
    disclosure model's `likelihood` is at least `threshold`, the harm is meant, and the intent classifier
    is not confident of another meaning while the model is unsure; a disclosure the intent
    classifier guessed otherwise gives way to its next guess (to "nlu_fallback" below
    `fallback_threshold`); any other intent stays as it was."""
    first = next((i for i in ranking if i.get("name") != "nlu_fallback"), {})
    means_else = (first.get("name") != DISCLOSURE_INTENT and first.get("confidence", 0.0) >= OTHER_MEANING_SURE
                  and likelihood < CLASSIFIER_SURE)
    if detect(text) or (likelihood >= threshold and not harm_not_meant(text) and not means_else):
        return {"name": DISCLOSURE_INTENT, "confidence": 1.0}
    if intent.get("name") != DISCLOSURE_INTENT:
        return intent
    others = [i for i in ranking if i.get("name") not in (DISCLOSURE_INTENT, "nlu_fallback")]
    best = others[0] if others else {"name": "nlu_fallback", "confidence": 0.0}
    if best.get("confidence", 0.0) < fallback_threshold:
        return {"name": "nlu_fallback", "confidence": best.get("confidence", 0.0)}
    return {"name": best["name"], "confidence": best["confidence"]}


@dataclass(frozen=True)
class Disclosure:
    category: str


def normalise(text: str) -> str:
    text = text.lower().replace("’", "'").replace("‘", "'")
    text = re.sub(r"['`]", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    text = re.sub(r"([a-z])\1{2,}", r"\1\1", text)  # "soooo" -> "soo"; "3000" stays
    words = f" {text.strip()} "
    for short, full in _SPELLINGS.items():
        words = words.replace(f" {short} ", f" {full} ")
        words = words.replace(f" {short} ", f" {full} ")  # twice: neighbours share a space
    return " ".join(words.split())


def detect(text: str) -> Disclosure | None:
    """The most urgent kind of harm or risk the message discloses, or None."""
    plain = _without_figures(normalise(text))
    if not plain or _about_a_lesson(plain):
        return None
    found = _category(plain)
    if found and found not in _NEVER_OVER and _over(plain):
        return None
    return Disclosure(found) if found else None


def _category(plain: str) -> str | None:
    for category in CATEGORIES:
        if any(pattern.search(plain) for pattern in _STATEMENT_RES.get(category, ())):
            return category
    if _child_with_adult_partner(plain):
        return "exploitation"
    if _MEANING_QUESTION.search(plain):
        return None  # "what does neglect mean?" asks about a word
    if _SPEAKS_OF_SELF.search(plain):
        for category in CATEGORIES:
            if category in _WORD_RES and _WORD_RES[category].search(plain):
                return category
    return None


def _child_with_adult_partner(plain: str) -> bool:
    """A boyfriend or girlfriend, with one age a child's and one an adult's: "she's 14, he's 25"."""
    if not _AGE_GAP_PARTNER.search(plain):
        return False
    ages = [int(n) for n in re.findall(r"\b(\d{1,2})\b", plain)]
    return any(age <= 15 for age in ages) and any(age >= 18 for age in ages)
