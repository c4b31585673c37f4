"""Names for synthetic people, reflecting Ealing's mix, and the places that groups are named after.

Everything here is invented for the demo; any likeness to a real person or group is coincidence.
"""

from __future__ import annotations

import random
import unicodedata

__all__ = ["NAME_POOLS", "person_name", "email_local_part", "ward_places", "ward_streets", "SAINTS"]

# (pool, first names, surnames, weight): weights roughly follow the borough's 2021 census mix.
NAME_POOLS: dict[str, tuple[tuple[str, ...], tuple[str, ...], float]] = {
    "british": (
        ("Oliver", "George", "Harry", "Jack", "James", "Thomas", "William", "Daniel", "David", "John",
         "Peter", "Michael", "Richard", "Charlotte", "Olivia", "Amelia", "Emily", "Sophie", "Hannah",
         "Lucy", "Grace", "Margaret", "Patricia", "Susan", "Sarah", "Helen", "Claire", "Rebecca", "Joan",
         "Ruth", "Alan", "Keith", "Jean", "Poppy", "Freddie", "Ivy", "Arthur", "Maureen"),
        ("Smith", "Jones", "Williams", "Brown", "Taylor", "Davies", "Wilson", "Evans", "Thomas",
         "Johnson", "Roberts", "Walker", "Wright", "Robinson", "Thompson", "White", "Hughes", "Edwards",
         "Green", "Hall", "Wood", "Harris", "Clarke", "Turner", "Cooper", "Baker", "Ward", "Morris"),
        30.0,
    ),
    "irish": (
        ("Siobhan", "Niamh", "Ciaran", "Aoife", "Sean", "Declan", "Bridget", "Patrick", "Orla", "Conor",
         "Maeve", "Eamon"),
        ("Murphy", "O'Brien", "Kelly", "Byrne", "O'Connor", "Ryan", "Walsh", "Doyle", "McCarthy",
         "Gallagher", "O'Sullivan", "Kennedy"),
        3.0,
    ),
    "punjabi": (
        ("Harpreet", "Gurpreet", "Manjit", "Jaswinder", "Amrit", "Simran", "Harjit", "Baljit", "Navjot",
         "Parminder", "Rupinder", "Kuldip", "Sukhwinder", "Jasleen", "Mandeep", "Tejinder"),
        ("Singh", "Kaur", "Sandhu", "Gill", "Dhillon", "Sidhu", "Grewal", "Bains", "Johal", "Sahota",
         "Virdee", "Randhawa"),
        10.0,
    ),
    "indian": (
        ("Arjun", "Priya", "Anjali", "Ravi", "Sunita", "Rajesh", "Deepak", "Neha", "Sanjay", "Kiran",
         "Meera", "Vikram", "Pooja", "Anil", "Lakshmi", "Suresh", "Kavitha", "Rohan"),
        ("Patel", "Shah", "Sharma", "Gupta", "Kumar", "Nair", "Rao", "Mehta", "Joshi", "Desai", "Pillai",
         "Iyer", "Chopra", "Malhotra"),
        8.0,
    ),
    "pakistani": (
        ("Aisha", "Fatima", "Imran", "Bilal", "Ayesha", "Zainab", "Mohammed", "Hamza", "Tariq", "Nadia",
         "Usman", "Sana", "Asif", "Rukhsana"),
        ("Khan", "Ahmed", "Hussain", "Ali", "Iqbal", "Malik", "Chaudhry", "Butt", "Qureshi", "Raja",
         "Mirza", "Akhtar"),
        6.0,
    ),
    "polish": (
        ("Katarzyna", "Agnieszka", "Piotr", "Tomasz", "Marta", "Krzysztof", "Magdalena", "Paweł",
         "Zofia", "Jakub", "Łukasz", "Małgorzata", "Anna", "Michał"),
        ("Nowak", "Wójcik", "Kowalczyk", "Mazur", "Krawczyk", "Zając", "Król", "Wieczorek", "Wróbel",
         "Pawlak", "Michalak", "Sikora"),
        9.0,
    ),
    "east_african": (
        ("Abdi", "Hodan", "Ayaan", "Mahad", "Farhia", "Hawa", "Yusuf", "Amina", "Abdirahman", "Sahra",
         "Liban", "Deeqa"),
        ("Mohamed", "Hassan", "Abdi", "Farah", "Warsame", "Jama", "Osman", "Ismail", "Aden", "Nur"),
        4.0,
    ),
    "west_african_caribbean": (
        ("Marcia", "Delroy", "Winston", "Chidi", "Adaeze", "Kwame", "Ama", "Tunde", "Funmi", "Femi",
         "Blessing", "Precious", "Kofi", "Yvonne", "Errol", "Chiamaka"),
        ("Okafor", "Adeyemi", "Mensah", "Boateng", "Osei", "Campbell", "Francis", "Grant", "Okonkwo",
         "Asante", "Bailey", "Henry", "Adebayo", "Thomas"),
        7.0,
    ),
    "arab": (
        ("Omar", "Layla", "Yasmin", "Khalid", "Mariam", "Ahmed", "Noor", "Hassan", "Rania", "Karim",
         "Huda", "Samir"),
        ("Haddad", "Mansour", "Saleh", "Hamdan", "Abboud", "Khalil", "Nasser", "Aziz", "Darwish"),
        4.0,
    ),
    "afghan_iranian": (
        ("Farid", "Zahra", "Ahmad", "Maryam", "Reza", "Shirin", "Parisa", "Wahid"),
        ("Rahimi", "Karimi", "Ahmadi", "Hosseini", "Sultani", "Noori", "Mohammadi"),
        3.0,
    ),
    "east_asian": (
        ("Yuki", "Haruto", "Aiko", "Kenji", "Wei", "Mei", "Jun", "Li Na", "Minh", "Hana", "Sora"),
        ("Nakamura", "Tanaka", "Sato", "Suzuki", "Chen", "Wang", "Li", "Zhang", "Nguyen", "Tran", "Kim"),
        4.0,
    ),
    "european": (
        ("Andrei", "Ioana", "Mihai", "Elena", "Ana", "João", "Lucas", "Maria", "Rafael", "Giulia",
         "Marco", "Sofia", "Luca", "Inês", "Mehmet", "Elif", "Dimitris"),
        ("Popescu", "Ionescu", "Silva", "Santos", "Fernandes", "Pereira", "Rossi", "Russo", "Costa",
         "Yilmaz", "Demir", "Papadopoulos", "Oliveira"),
        12.0,
    ),
}

# Where a pool is much more (or less) common than the borough average, by ward.
_WARD_MIX: dict[str, dict[str, float]] = {
    "punjabi": {"Southall Broadway": 4, "Southall Green": 4, "Lady Margaret": 3, "Dormers Wells": 3,
                "Norwood Green": 3, "Greenford Broadway": 1.5},
    "pakistani": {"Southall Broadway": 2, "Southall Green": 2, "Lady Margaret": 2},
    "polish": {"Acton Central": 1.5, "South Acton": 1.5, "Ealing Common": 1.5, "Northfield": 1.3},
    "east_african": {"Northolt West End": 2.5, "Northolt Mandeville": 2, "Greenford Broadway": 1.5},
    "arab": {"Acton Central": 1.5, "East Acton": 2, "South Acton": 2},
    "east_asian": {"Acton Central": 2, "Ealing Common": 2, "Hanger Hill": 2, "Southfield": 1.5},
    "british": {"Southfield": 1.6, "Northfield": 1.5, "Walpole": 1.4, "Cleveland": 1.3,
                "Southall Broadway": 0.4, "Southall Green": 0.4},
}

SAINTS = ("Mary", "John", "Paul", "Peter", "Andrew", "Barnabas", "Matthew", "Stephen", "Anne", "Joseph",
          "Saviour", "Mellitus", "Dunstan", "Gabriel", "Thomas", "Luke", "Benedict", "Michael", "Helen")

# Localities (for group names) and roads or estates (for street-level and tenants' groups) by ward.
_PLACES = {
    "Acton Central": (("Acton", "Acton Town", "Churchfield", "Mill Hill Park"),
                      ("Churchfield Road", "Crown Street", "Avenue Road", "Birkbeck Road")),
    "Cleveland": (("Castlebar", "Drayton Green", "Cleveland Park"),
                  ("Castlebar Road", "Argyle Road", "Drayton Bridge Road")),
    "Dormers Wells": (("Dormers Wells", "Spikes Bridge", "Allenby"),
                      ("Dormers Wells Lane", "Allenby Road", "Burns Avenue")),
    "Ealing Broadway": (("Ealing Broadway", "Central Ealing", "Haven Green"),
                        ("Haven Green", "Mattock Lane", "The Mall", "Grange Road")),
    "Ealing Common": (("Ealing Common", "Gunnersbury", "Lammas"),
                      ("Gunnersbury Lane", "Madeley Road", "Creffield Road")),
    "East Acton": (("East Acton", "North Acton", "Acton Vale", "Friary Park"),
                   ("East Acton Lane", "Friary Road", "Wales Farm Road", "Acton Vale Estate")),
    "Elthorne": (("Elthorne Park", "Hanwell", "Boston Road"),
                 ("Boston Road", "Elthorne Park Road", "Lower Boston Road")),
    "Greenford Broadway": (("Greenford", "Greenford Broadway", "Ravenor Park"),
                           ("Oldfield Lane", "Ravenor Park Road", "Greenford Avenue")),
    "Greenford Green": (("Greenford Green", "Horsenden Hill", "Rockware"),
                        ("Ridding Lane", "Rockware Avenue", "Greenford Road")),
    "Hanger Hill": (("Hanger Hill", "Brentham", "Hanger Lane", "Park Royal"),
                    ("Brentham Way", "Hanger Lane", "Queens Drive")),
    "Hobbayne": (("Hobbayne", "Hanwell", "Brent Valley"),
                 ("Cuckoo Estate", "Greenford Avenue", "Church Road")),
    "Lady Margaret": (("Lady Margaret", "North Southall", "Kingsley"),
                      ("Lady Margaret Road", "Kingsley Road", "Ruislip Road")),
    "Northfield": (("Northfields", "Little Ealing", "Lammas Park"),
                   ("Northfield Avenue", "Julien Road", "Lammas Park Road")),
    "North Greenford": (("North Greenford", "Costons", "Wadham"),
                        ("Costons Lane", "Wadham Gardens", "Ruislip Road")),
    "Northolt Mandeville": (("Northolt", "Northolt Village", "Mandeville"),
                            ("Racecourse Estate", "Mandeville Road", "Kensington Road")),
    "Northolt West End": (("Northolt", "Northolt West End", "Islip Manor"),
                          ("Islip Manor Road", "Yeading Lane", "West End Road")),
    "Norwood Green": (("Norwood Green", "Norwood", "Tentelow"),
                      ("Norwood Road", "Tentelow Lane", "Western Road")),
    "Perivale": (("Perivale", "Perivale Park", "Horsenden"),
                 ("Horsenden Lane", "Perivale Lane", "Bilton Road")),
    "South Acton": (("South Acton", "Acton Green", "Acton Gardens"),
                    ("South Acton Estate", "Bollo Lane", "Acton Gardens")),
    "Southall Broadway": (("Southall", "Southall Broadway", "Featherstone"),
                          ("The Broadway", "South Road", "Featherstone Road")),
    "Southall Green": (("Southall Green", "Havelock", "Southall"),
                       ("Havelock Estate", "King Street", "Western Road")),
    "Southfield": (("Southfield", "Bedford Park", "Acton Green"),
                   ("Southfield Road", "Rugby Road", "Fairlawn")),
    "Walpole": (("West Ealing", "Walpole Park", "Little Ealing"),
                ("Elers Road", "Culmington Road", "Mattock Lane")),
}


def ward_places(ward_name: str) -> tuple[str, ...]:
    """Localities in a ward; a ward not listed (another borough's file) is named after itself."""
    return _PLACES.get(ward_name, ((ward_name,), ()))[0]


def ward_streets(ward_name: str) -> tuple[str, ...]:
    return _PLACES.get(ward_name, ((), (f"{ward_name} Estate",)))[1] or (f"{ward_name} Estate",)


def pool_weights(ward_name: str) -> list[float]:
    return [w * _WARD_MIX.get(pool, {}).get(ward_name, 1.0) for pool, (_, _, w) in NAME_POOLS.items()]


_POOLS = list(NAME_POOLS.values())


def person_name(rng: random.Random, weights: list[float]) -> tuple[str, str]:
    """A (first name, surname); one in ten mixes pools, as London families do."""
    first_names, surnames, _ = rng.choices(_POOLS, weights)[0]
    if rng.random() < 0.1:
        surnames = rng.choice(_POOLS)[1]
    return rng.choice(first_names), rng.choice(surnames)


_ASCII = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "đ": "d"})


def email_local_part(*parts: str) -> str:
    """'Paweł', "O'Brien" -> 'pawel.obrien': plain ASCII, safe in any mail system.

    >>> email_local_part("Paweł", "O'Brien", "12")
    'pawel.obrien.12'
    """
    cleaned = []
    for part in parts:
        text = unicodedata.normalize("NFKD", part.translate(_ASCII)).encode("ascii", "ignore").decode()
        cleaned.append("".join(ch for ch in text.lower() if ch.isalnum()))
    return ".".join(cleaned)
