"""Names that are the same name written another way: transliterations and common short forms.

Each group holds spellings (already lower case, without accents or punctuation) that a practitioner
would accept as the same name. The first entry is the group's canonical form, used for search keys.
Phonetic matching and edit distance catch most spelling variation on their own; this table is for
the pairs they miss (Yusuf/Yousef, Niamh/Neve, Katherine/Kate, Wojciech/Voytek, Oluwaseun/Seun).

A name may sit in more than one group (Charlie is short for Charles and for Charlotte).
Keep the table modest and uncontroversial: a wrong entry makes unrelated people look alike.
"""

from __future__ import annotations

VARIANT_GROUPS: tuple[tuple[str, ...], ...] = (
    # Arabic, South Asian, Somali and Turkish transliterations
    ("mohammed", "muhammad", "mohamed", "mohammad", "muhammed", "mohamad", "mohd", "mehmet", "mo"),
    ("ahmed", "ahmad", "ahmet", "ahmud"),
    ("aisha", "ayesha", "aysha", "aishah", "ayisha", "ayse"),
    ("yusuf", "yousef", "yousuf", "yusef", "youssef", "yousif"),
    ("ibrahim", "ebrahim", "ibraheem", "ibrahima"),
    ("abdullah", "abdallah", "abdulla", "abdullahi"),
    ("fatima", "fatimah", "fatma", "fatuma"),
    ("hussain", "hussein", "husain", "husein", "hossain", "huseyin"),
    ("hassan", "hasan"),
    ("omar", "umar", "omer"),
    ("osman", "uthman", "usman", "othman"),
    ("zainab", "zaynab", "zeynep", "zenab"),
    ("maryam", "mariam", "meryem", "miriam"),
    ("khadija", "khadijah", "hatice"),
    ("amina", "aminah", "ameena"),
    ("yasmin", "yasmeen", "yasmine", "jasmine"),
    ("hamza", "hamzah"),
    ("tariq", "tarik", "tarek", "tareq"),
    ("rashid", "rasheed", "rachid", "reshid"),
    ("mahmood", "mahmud", "mahmoud", "mehmood"),
    ("chowdhury", "choudhury", "chaudhry", "chaudhary", "choudhry"),
    ("rahman", "rehman"),
    ("akhtar", "akhter"),
    ("uddin", "udin"),
    ("musa", "moussa", "mousa"),
    ("deepak", "dipak"),
    ("sandeep", "sundeep"),
    ("harjit", "harjeet"),
    ("manjit", "manjeet"),
    ("rajinder", "rajindar"),
    ("sanaa", "sana"),
    # Irish and English
    ("niamh", "neve", "neave", "nieve"),
    ("siobhan", "shivaun", "chevonne"),
    ("sean", "shaun", "shawn", "shaughn"),
    ("patrick", "padraig", "padraic", "paddy", "pat"),
    ("ciaran", "kieran", "kieron", "keiran"),
    ("dwayne", "duane", "dewayne"),
    ("rhys", "reece", "reese", "rees"),
    ("kai", "kye"),
    ("katherine", "catherine", "kathryn", "katharine", "kate", "katie", "cathy", "kathy", "kat"),
    ("elizabeth", "liz", "lizzie", "lizzy", "beth", "betty", "eliza"),
    ("margaret", "maggie", "meg", "peggy"),
    ("william", "will", "bill", "billy", "liam"),
    ("robert", "rob", "bob", "bobby", "robbie"),
    ("thomas", "tom", "tommy"),
    ("james", "jim", "jimmy", "jamie"),
    ("john", "jack", "johnny", "jon"),
    ("jonathan", "jon", "jonny"),
    ("joseph", "joe", "joey"),
    ("daniel", "dan", "danny"),
    ("christopher", "chris"),
    ("nicholas", "nick", "nicky", "mykola", "nikolai", "mikolaj"),
    ("samuel", "sam", "sammy"),
    ("samantha", "sam", "sammy"),
    ("benjamin", "ben", "benji"),
    ("matthew", "matt"),
    ("andrew", "andy", "drew"),
    ("anthony", "tony", "antony"),
    ("stephen", "steven", "steve", "stefan", "stephan"),
    ("edward", "ed", "eddie", "ted", "teddy"),
    ("henry", "harry"),
    ("frederick", "fred", "freddie", "freddy"),
    ("alfred", "alfie", "alf"),
    ("charles", "charlie", "chas"),
    ("charlotte", "charlie", "lottie"),
    ("oliver", "ollie", "olly"),
    ("amelia", "millie", "milly"),
    ("abigail", "abbie", "abby", "abi"),
    ("rebecca", "becky", "becca"),
    ("jessica", "jess", "jessie"),
    ("victoria", "vicky", "vicki", "tori"),
    ("jacqueline", "jackie"),
    ("alexander", "alex", "alexandru", "aleksander", "aleksandr", "oleksandr", "sasha", "olek"),
    ("alexandra", "alex", "aleksandra", "sasha"),
    ("theodore", "theo"),
    ("reuben", "ruben"),
    ("zofia", "sofia", "sophia", "zosia"),
    # Polish and other Eastern European short forms
    ("wojciech", "wojtek", "voytek"),
    ("malgorzata", "gosia", "malgosia"),
    ("katarzyna", "kasia"),
    ("bartosz", "bartek"),
    ("dariusz", "darek"),
    ("agnieszka", "aga"),
    ("tomasz", "tomek"),
    ("jakub", "kuba", "jacob", "jakob"),
    ("piotr", "piotrek"),
    # West African short forms
    ("oluwaseun", "seun"),
    ("oluwatobi", "tobi"),
    ("temitope", "tope"),
    ("folasade", "sade"),
    ("chukwuemeka", "emeka"),
    ("olufemi", "femi"),
    ("adebayo", "bayo"),
)


def variant_index() -> dict[str, frozenset[int]]:
    """Map each spelling to the numbers of the groups it belongs to."""
    index: dict[str, set[int]] = {}
    for number, group in enumerate(VARIANT_GROUPS):
        for name in group:
            index.setdefault(name, set()).add(number)
    return {name: frozenset(groups) for name, groups in index.items()}
