"""Name lists for the benchmark's fictional council: who lives there, and how they are written.

Plain data, no Django. The council is a diverse English city (in the manner of Birmingham,
Bradford or Newham: about a quarter of its children of Pakistani, Bangladeshi or Indian
heritage), the hardest realistic case for a name search. Each community has its surnames and
first names in order of popularity; the generator draws from them with heavy-tailed (Zipf-like)
weights, so a few names are very common (Khan, Ahmed, Hussain, Smith, Patel, Begum, Nowak,
Okafor; Mohammed among boys) and most are rare, as in a real council's records. English, Yoruba
and Igbo surnames also get a long synthetic tail (prefix + suffix: Ashworth, Thornfield;
Adebayo, Okonkwo) so most surnames are shared by few.

The people are fictional: common names joined at random, never real individuals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from safetymap.people.name_variants import VARIANT_GROUPS


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


@dataclass(frozen=True)
class Community:
    name: str
    share: float  # of the council's children
    ethnicities: tuple[str, ...]  # DfE codes (safetymap.people.codes.Ethnicity)
    surnames: tuple[str, ...]  # most common first
    boys: tuple[str, ...]
    girls: tuple[str, ...]
    tail: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())  # synthetic surnames: prefix × suffix
    tail_share: float = 0.0  # of surnames drawn from the synthetic tail
    surname_exponent: float = 0.5  # Zipf exponent: 0.5 gives Smith about 1.3% of British names
    double_barrelled: float = 0.0  # share of children with a double-barrelled surname
    polish_gender: bool = False  # -ski for a boy, -ska for a girl
    surname_from_father: bool = False  # Somali: a child's surname is the father's first name
    girls_surnames: tuple[str, ...] = field(default=())  # Bangladeshi Begum, Khatun; Sikh Kaur
    boys_surnames: tuple[str, ...] = field(default=())  # Sikh Singh
    # When set, only families with one of these surnames give girls_ and boys_surnames (Sikh).
    gendered_surname_families: tuple[str, ...] = field(default=())


_ENGLISH_TAIL = (
    _split(
        "Ash Black Brad Bram Brook Cald Chad Craw Dun Elm Fair Farn Gold Hal Hart Hat Haw Hol "
        "Kings Lang Lind Mar Mil Nor Oak Pen Rad Red Rock Roth Shel Stan Thorn Wal West Whit "
        "Wins Wood Yar Ald Bar Bir Brom Carl Cot Dal Ead Fen Gar Ham Hay Kel Lam Lock Mor Ned "
        "Pad Pres Rid Sal Sed Ack Bick Bur Cres Dray Ever Fox Glen Hep Hux Ket Lud Mab Nut "
        "Pick Quar Rams Shap Tad Ux"
    ),
    _split(
        "bury by combe croft den field ford gate ham hurst ley low mere more ridge stead ton "
        "well wick worth thorpe dale wood sby cott hall ington borough shaw land stone wright "
        "brook house wade"
    ),
)
_YORUBA_IGBO_TAIL = (
    _split("Ade Olu Ogun Ola Oye Aki Bab Fol Oke Nwa Okon Chukwu Eze Obi Anya Ibe Uche"),
    _split("bayo yemi wale tunde kunle dipe leye sanya kola jide kwo dike nna ogu emeka chi"),
)

COMMUNITIES: tuple[Community, ...] = (
    Community(
        "white british",
        0.425,
        ("WBRI",),
        _split(
            "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts "
            "Robinson Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke "
            "Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker "
            "Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett Young "
            "Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Miller Cox "
            "Richards Marshall Anderson Simpson Ellis Adams Wilkinson Foster Chapman Powell Webb "
            "Rogers Gray Mason Hunt Holmes Palmer Lloyd Barker Butler Stevens Reynolds Dixon "
            "Pearson Fletcher Hart Owen Lawrence Hunter Russell Gibson Matthews Harvey Pritchard "
            "Haworth Thwaite Prothero Hollis Fraser Mortimer Whitfield Parkes Ashworth"
        ),
        _split(
            "Oliver George Harry Noah Jack Leo Arthur Oscar Charlie Freddie Alfie Jacob Thomas "
            "Archie William Theo Henry Joshua James Tommy Alexander Max Logan Lucas Isaac Ethan "
            "Harvey Jayden Tyler Kyle Liam Daniel Samuel Riley Mason Callum Kian Reece Connor "
            "Taylor Jordan Ben Ollie Jamie Lewis Dylan Kayden Harley Nathan Shaun"
        ),
        _split(
            "Olivia Amelia Isla Ava Lily Freya Ivy Florence Mia Willow Evie Sophia Grace Ella "
            "Isabella Poppy Rosie Millie Ruby Sophie Emily Jessica Chloe Megan Lucy Holly Amber "
            "Jade Kayleigh Courtney Ellie Paige Shannon Leah Lacey Abbie Lola Summer Taylor "
            "Jasmine Zara Katie Rebecca Charlotte Elizabeth Victoria Shauna"
        ),
        tail=_ENGLISH_TAIL,
        tail_share=0.72,
        double_barrelled=0.04,
    ),
    Community(
        "pakistani",
        0.16,
        ("APKN",),
        _split(
            "Khan Hussain Ahmed Ali Iqbal Mahmood Akhtar Butt Malik Shah Raja Qureshi Rashid "
            "Aslam Nawaz Riaz Javed Saleem Sheikh Siddiqui Mirza Anwar Rehman Bashir Yousaf "
            "Hanif Rafiq Shafiq Tariq Zaman Kiani Chaudhry Awan Abbasi Bhatti Arshad"
        ),
        _split(
            "Mohammed Ibrahim Yusuf Hamza Zain Ayaan Musa Adam Umar Abdullah Ali Hassan Ahmed "
            "Bilal Haris Rayyan Zakariya Ismail Usman Imran Tahir Zayan Haider Rehan Faisal "
            "Arham Eesa Daniyal Sami Amir Hussain Idris"
        ),
        _split(
            "Maryam Aisha Zainab Fatima Hafsa Khadija Amina Aleena Inaya Anaya Zara Hania "
            "Eshal Sana Iqra Mahnoor Noor Aiza Hira Alisha Ayesha Mariam Safa Yasmin Sumaiya "
            "Aleeza Laiba Ruqayyah Shabnam Nadia"
        ),
        surname_exponent=0.7,
    ),
    Community(
        "bangladeshi",
        0.08,
        ("ABAN",),
        _split(
            "Miah Uddin Ahmed Islam Rahman Ali Hossain Chowdhury Hoque Alam Haque Karim Khan "
            "Miah Ullah Sarkar Talukdar Rashid Hussain Choudhury"
        ),
        _split(
            "Mohammed Ibrahim Yusuf Ayaan Zakariya Abdullah Rayyan Musa Hamza Adam Imran Tahmid "
            "Rahim Shahid Mahir Sami Arif Jamal Nabil Tanvir"
        ),
        _split(
            "Aisha Maryam Fatima Sumaiya Ayesha Zainab Khadija Nusrat Ruksana Tasnim Jannat "
            "Sadia Tahmina Shirin Farzana Rukhsana Amina Sanjida Nafisa Marium"
        ),
        surname_exponent=0.9,
        girls_surnames=("Begum", "Khatun", "Akter", "Sultana", "Bibi"),
    ),
    Community(
        "indian",
        0.05,
        ("AIND",),
        _split(
            "Patel Sharma Shah Mistry Gill Sandhu Dhillon Bains Kumar Lal Parmar Chauhan Joshi "
            "Mehta Desai Bhatt Bhardwaj Sidhu Johal Grewal Modi Thakkar Solanki Rana"
        ),
        _split(
            "Arjun Aarav Krish Rohan Dev Vihaan Aryan Ishaan Harjit Manjit Sandeep Deepak "
            "Rajinder Jaspreet Gurpreet Amrit Ravi Sunil Nikhil Kiran"
        ),
        _split(
            "Priya Anaya Diya Saanvi Aanya Kavya Riya Simran Harpreet Gurpreet Jaspreet Navneet "
            "Deepika Pooja Meera Nisha Asha Sonia Kiran Tara"
        ),
        surname_exponent=0.9,
        girls_surnames=("Kaur",),
        boys_surnames=("Singh",),
        gendered_surname_families=_split("Gill Sandhu Dhillon Bains Sidhu Johal Grewal"),
    ),
    Community(
        "west african",
        0.06,
        ("BAFR",),
        _split(
            "Okafor Adeyemi Adebayo Okonkwo Eze Nwosu Obi Ogunleye Bakare Adewale Mensah Asante "
            "Owusu Boateng Adjei Appiah Osei Ogundipe Oyelaran Nwachukwu Ezeh Agyeman Danso "
            "Ofori Oduya Balogun Afolabi Ibekwe Chukwu Nnamdi Asamoah Ampofo"
        ),
        _split(
            "David Daniel Samuel Joshua Emmanuel Michael Kofi Kwame Kojo Tobi Oluwatobi "
            "Oluwaseun Chukwuemeka Emeka Olumide Tunde Femi Olufemi Chidi Ebuka Nnamdi Kwabena "
            "Yaw Ayo Damilare Tolu Kehinde Taiwo Adebayo Ikenna"
        ),
        _split(
            "Precious Blessing Grace Esther Favour Mercy Amara Chiamaka Chidinma Nneka Nkechi "
            "Adaeze Temitope Folasade Sade Abena Akosua Ama Efua Adwoa Oluwadamilola Temitayo "
            "Folake Kemi Zainab Deborah Ruth Ifeoma Ngozi Joy"
        ),
        tail=_YORUBA_IGBO_TAIL,
        tail_share=0.55,
        surname_exponent=0.8,
    ),
    Community(
        "caribbean",
        0.03,
        ("BCRB", "MWBC"),
        _split(
            "Campbell Francis Henry Morgan Lindo Bailey Gordon Reid Richards Grant Brown "
            "Williams Thomas Clarke Johnson Smith Walker Thompson Morrison Edwards Browne Reed"
        ),
        _split(
            "Tyrone Tyrell Jermaine Jerome Dwayne Duane Marcus Andre Kai Malachi Isaiah Elijah "
            "Leon Nathaniel Jaden Kayden Tristan Devon Omari Zion"
        ),
        _split(
            "Aaliyah Shanique Shaniece Keesha Tiana Tia Chanel Shantelle Kerryann Ebony Imani "
            "Jada Nia Aniyah Destiny Jasmine Kiara Kiana Tamia Zuri"
        ),
        surname_exponent=0.7,
        double_barrelled=0.05,
    ),
    Community(
        "somali",
        0.03,
        ("BAFR",),
        _split(
            "Mohamed Abdi Ali Hassan Hussein Omar Yusuf Warsame Farah Ahmed Osman Abdullahi "
            "Ibrahim Jama Nur Aden Hirsi Dahir Mohamud Egal Abdirahman Ismail"
        ),
        _split(
            "Mohamed Abdullahi Ayaan Ayan Abdirahman Yusuf Ibrahim Mustafa Ismail Hamza Amran "
            "Bilal Khalid Idris Abdi Omar Ahmed Hassan Liban Zakariye"
        ),
        _split(
            "Hodan Amina Fadumo Hibo Sagal Hamdi Ayan Ikran Najma Samira Sumaya Ifrah Hafsa "
            "Maryan Deeqa Nimo Ubah Ladan Fartun Asha"
        ),
        surname_from_father=True,
        surname_exponent=0.8,
    ),
    Community(
        "polish",
        0.05,
        ("WOTH",),
        _split(
            "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński "
            "Szymański Woźniak Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski Krawczyk "
            "Piotrowski Grabowski Nowakowski Pawłowski Michalski Król Wieczorek Jabłoński "
            "Wróbel Nowicki Majewski Olszewski Stępień Malinowski Jaworski Adamczyk Dudek Zając "
            "Kaczmarek Szymczak Wojcik"
        ),
        _split(
            "Jakub Kacper Antoni Jan Szymon Filip Franciszek Aleksander Mikołaj Wojciech "
            "Bartosz Tomasz Piotr Dawid Kamil Mateusz Michał Oskar Igor Dariusz Przemysław "
            "Adam Marcel Wiktor"
        ),
        _split(
            "Zuzanna Julia Zofia Hanna Maja Lena Alicja Maria Amelia Oliwia Laura Natalia "
            "Wiktoria Katarzyna Małgorzata Agnieszka Weronika Magdalena Agata Marta Emilia "
            "Gabriela Lucja Milena"
        ),
        polish_gender=True,
        surname_exponent=0.8,
    ),
    Community(
        "romanian",
        0.025,
        ("WOTH", "WROM"),
        _split(
            "Popescu Popa Ionescu Pop Radu Dumitru Stan Stoica Gheorghe Matei Ciobanu Vasile "
            "Vasilescu Constantin Marin Munteanu Florea Rusu Lazar Moldovan"
        ),
        _split(
            "Andrei Alexandru David Gabriel Stefan Ionut Florin Mihai Darius Luca Matei Rares "
            "Cristian Adrian Sebastian Vlad"
        ),
        _split(
            "Maria Ioana Elena Andreea Alexandra Sofia Anamaria Bianca Daria Ana Gabriela "
            "Larisa Alesia Denisa Roxana Diana"
        ),
        surname_exponent=0.8,
    ),
    Community(
        "irish",
        0.02,
        ("WIRI", "WIRT"),
        _split(
            "Murphy Kelly O'Brien O'Sullivan Byrne Ryan O'Connor Walsh McCarthy O'Neill Doyle "
            "Kennedy Lynch Quinn Brennan Burke Gallagher Kavanagh Keaveney McLaughlin Rafferty "
            "Brophy Kinsella O'Kane Kilbride Hanlon McDonagh Ward Connors"
        ),
        _split(
            "Jack Conor Sean Cian Darragh Oisin Patrick Liam Ciaran Declan Finn Rory Cillian "
            "Padraig Tadhg Eoin Shane Niall Michael John"
        ),
        _split(
            "Grace Aoife Niamh Saoirse Ciara Caoimhe Erin Siobhan Roisin Orla Aisling Sinead "
            "Clodagh Mary Bridget Kathleen Nora Emma Sophie Ellen"
        ),
        surname_exponent=0.7,
    ),
    Community(
        "turkish",
        0.015,
        ("WOTH", "AOTH"),
        _split(
            "Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan "
            "Kılıç Aslan Çetin Kara Koç Kurt Özkan Şimşek Güneş Demirci"
        ),
        _split(
            "Yusuf Mehmet Mustafa Emre Ahmet Omer Hasan Ali Huseyin Eren Kerem Burak Can Efe "
            "Deniz Baran"
        ),
        _split(
            "Zeynep Elif Ayse Fatma Emine Meryem Hatice Ecem Ela Defne Selin Yasemin Esra "
            "Merve Ceren Derya"
        ),
        surname_exponent=0.8,
    ),
    Community(
        "chinese",
        0.01,
        ("CHNE",),
        _split("Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Chan Wong Lee Cheung Lam Ng"),
        _split("Jun Hao Wei Ming Jian Yu Kai Chen Tian Lei Ethan Ryan Jason Kevin"),
        _split("Mei Ling Xin Yan Jing Hui Lin Yi Xiao Ying Chloe Grace Emily Amy"),
        surname_exponent=0.9,
    ),
    Community(
        "mixed",
        0.045,
        ("MWBC", "MWBA", "MWAS", "MOTH"),
        _split(
            "Smith Jones Williams Brown Taylor Campbell Francis Ahmed Khan Okafor Mensah Ali "
            "Walker Thomas Robinson Hughes Edwards Morgan Bennett Cooper Ellis Gray Henry Reid"
        ),
        _split(
            "Noah Leo Kai Zayn Elijah Malachi Isaac Theo Jayden Tyler Nathan Elias Reuben "
            "Ezra Jude Marley Mason Rio"
        ),
        _split(
            "Amara Aaliyah Isla Mia Layla Ava Zara Nia Maya Ruby Imani Leah Aisha Sienna Ivy "
            "Ella Hope Tia"
        ),
        surname_exponent=0.6,
        double_barrelled=0.12,
    ),
)

# How a name is spelled on a record, with rough frequencies: many spellings of one name are in
# use at once (Mohammed alone has five common ones), so a search must find any of them.
SPELLINGS: dict[str, tuple[tuple[str, int], ...]] = {
    "Mohammed": (
        ("Mohammed", 40),
        ("Muhammad", 30),
        ("Mohammad", 12),
        ("Mohamed", 10),
        ("Muhammed", 8),
    ),
    "Mohamed": (("Mohamed", 60), ("Mohammed", 25), ("Muhammad", 15)),
    "Aisha": (("Aisha", 60), ("Ayesha", 30), ("Aysha", 10)),
    "Yusuf": (("Yusuf", 60), ("Yousef", 15), ("Yousuf", 15), ("Youssef", 10)),
    "Ibrahim": (("Ibrahim", 85), ("Ebrahim", 10), ("Ibraheem", 5)),
    "Fatima": (("Fatima", 80), ("Fatimah", 20)),
    "Hussain": (("Hussain", 60), ("Hussein", 30), ("Husain", 10)),
    "Maryam": (("Maryam", 70), ("Mariam", 30)),
    "Zainab": (("Zainab", 85), ("Zaynab", 15)),
    "Hamza": (("Hamza", 85), ("Hamzah", 15)),
    "Yasmin": (("Yasmin", 70), ("Yasmeen", 30)),
    "Khadija": (("Khadija", 75), ("Khadijah", 25)),
    "Amina": (("Amina", 80), ("Aminah", 20)),
    "Rahman": (("Rahman", 85), ("Rehman", 15)),
    "Chowdhury": (("Chowdhury", 60), ("Choudhury", 30), ("Chaudhry", 10)),
    "Mahmood": (("Mahmood", 70), ("Mahmud", 20), ("Mehmood", 10)),
    "Akhtar": (("Akhtar", 85), ("Akhter", 15)),
    "Ahmed": (("Ahmed", 85), ("Ahmad", 15)),
    "Zara": (("Zara", 75), ("Zarah", 25)),
    "Kacper": (("Kacper", 90), ("Kasper", 10)),
    "Aaliyah": (("Aaliyah", 70), ("Aliyah", 30)),
    "Jayden": (("Jayden", 70), ("Jaiden", 20), ("Jaden", 10)),
    "Kayleigh": (("Kayleigh", 60), ("Kayley", 25), ("Kaylee", 15)),
    "Niamh": (("Niamh", 90), ("Neve", 10)),
    "Sean": (("Sean", 80), ("Shaun", 20)),
    "Reece": (("Reece", 70), ("Rhys", 30)),
    "Ciaran": (("Ciaran", 60), ("Kieran", 40)),
    "Zofia": (("Zofia", 90), ("Sofia", 10)),
}

# Other spellings a practitioner might type for a name written one way on the record: the
# spellings above, the transliteration groups of the product's own variant table (not its
# short forms), and for a name with accents or an apostrophe, the plain letters (Wiśniewska,
# Wisniewska; O'Brien, OBrien).
_TRANSLITERATION_GROUPS = {
    "mohammed",
    "ahmed",
    "aisha",
    "yusuf",
    "ibrahim",
    "abdullah",
    "fatima",
    "hussain",
    "hassan",
    "omar",
    "osman",
    "zainab",
    "maryam",
    "khadija",
    "amina",
    "yasmin",
    "hamza",
    "tariq",
    "rashid",
    "mahmood",
    "chowdhury",
    "rahman",
    "akhtar",
    "uddin",
    "musa",
    "deepak",
    "sandeep",
    "harjit",
    "manjit",
    "rajinder",
    "sanaa",
    "niamh",
    "siobhan",
    "sean",
    "ciaran",
    "dwayne",
    "rhys",
    "kai",
}
_SHORT = {"mo", "mohd"}  # abbreviations, not spellings


def _other_spellings() -> dict[str, tuple[str, ...]]:
    groups: list[set[str]] = []
    for group in VARIANT_GROUPS:
        if group[0] in _TRANSLITERATION_GROUPS:
            groups.append({name for name in group if name not in _SHORT})
    for spellings in SPELLINGS.values():
        groups.append({spelling.lower() for spelling, weight in spellings if weight})
    others: dict[str, set[str]] = {}
    for group in groups:
        for name in group:
            others.setdefault(name, set()).update(group - {name})
    return {name: tuple(sorted(alternatives)) for name, alternatives in others.items()}


OTHER_SPELLINGS: dict[str, tuple[str, ...]] = _other_spellings()

# Short forms and nicknames for "known as": the product's variant table gives the short forms of
# a first name (Oluwatobi, Tobi); anyone else may have a nickname of their own.
NICKNAMES = _split(
    "Tobs Bex Jojo Kaz Mimi Bubs Sunny Dee Jay Tee Lulu Bo Kiki Zee Tiny Babs Sonny Red Pip "
    "Frankie Bibi Noni Dodo Chip Gigi Nell Buzz Titch Mac Sky Rocky Bean Coco Ziggy Nana Didi"
)

# The council's streets (for fictional addresses) and its schools and GP practices.
STREETS = _split(
    "Larch Willow Station Church Mill Victoria Albert Park Chapel Kings Queens Bridge High "
    "Meadow Orchard Elm Oak Ash Beech Rowan Hazel Cedar Holly Maple Juniper Alder Linden Poplar"
)
STREET_KINDS = ("Road", "Street", "Lane", "Close", "Avenue", "Way", "Court", "Grove")
TOWN = "Larkford"
