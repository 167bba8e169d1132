"""DfE code lists for people, stored as the DfE values so returns are projections of the record
(CIN census and the DfE children's social care data API)."""

from django.db import models


class Sex(models.TextChoices):
    # CIN census GenderCurrent
    MALE = "1", "Male"
    FEMALE = "2", "Female"
    NOT_KNOWN = "0", "Not known"
    NOT_SPECIFIED = "9", "Not specified"


class Ethnicity(models.TextChoices):
    WHITE_BRITISH = "WBRI", "White – British"
    WHITE_IRISH = "WIRI", "White – Irish"
    TRAVELLER_OF_IRISH_HERITAGE = "WIRT", "Traveller of Irish heritage"
    GYPSY_ROMA = "WROM", "Gypsy or Roma"
    WHITE_OTHER = "WOTH", "Any other White background"
    WHITE_AND_BLACK_CARIBBEAN = "MWBC", "White and Black Caribbean"
    WHITE_AND_BLACK_AFRICAN = "MWBA", "White and Black African"
    WHITE_AND_ASIAN = "MWAS", "White and Asian"
    MIXED_OTHER = "MOTH", "Any other mixed background"
    INDIAN = "AIND", "Indian"
    PAKISTANI = "APKN", "Pakistani"
    BANGLADESHI = "ABAN", "Bangladeshi"
    ASIAN_OTHER = "AOTH", "Any other Asian background"
    CARIBBEAN = "BCRB", "Caribbean"
    AFRICAN = "BAFR", "African"
    BLACK_OTHER = "BOTH", "Any other Black background"
    CHINESE = "CHNE", "Chinese"
    OTHER = "OOTH", "Any other ethnic group"
    REFUSED = "REFU", "Refused"
    NOT_YET_OBTAINED = "NOBT", "Information not yet obtained"


class Disability(models.TextChoices):
    NONE = "NONE", "No disability"
    MOBILITY = "MOB", "Mobility"
    HAND_FUNCTION = "HAND", "Hand function"
    PERSONAL_CARE = "PC", "Personal care"
    INCONTINENCE = "INC", "Incontinence"
    COMMUNICATION = "COMM", "Communication"
    LEARNING = "LD", "Learning"
    HEARING = "HEAR", "Hearing"
    VISION = "VIS", "Vision"
    BEHAVIOUR = "BEH", "Behaviour"
    CONSCIOUSNESS = "CON", "Consciousness"
    AUTISM = "AUT", "Autism or Asperger syndrome"
    OTHER = "DDA", "Other disability"


class RelationshipType(models.TextChoices):
    MOTHER = "MOTHER", "Mother"
    FATHER = "FATHER", "Father"
    STEP_PARENT = "STEP_PARENT", "Step-parent"
    SIBLING = "SIBLING", "Brother or sister"
    HALF_SIBLING = "HALF_SIBLING", "Half-brother or half-sister"
    GRANDPARENT = "GRANDPARENT", "Grandparent"
    AUNT_UNCLE = "AUNT_UNCLE", "Aunt or uncle"
    PARTNER = "PARTNER", "Parent's partner"
    FRIEND = "FRIEND", "Family friend"
    NEIGHBOUR = "NEIGHBOUR", "Neighbour"
    FOSTER_CARER = "FOSTER_CARER", "Foster carer"
    PROFESSIONAL = "PROFESSIONAL", "Professional"
    OTHER = "OTHER", "Other"
