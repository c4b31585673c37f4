"""The words in the demo: titles and bodies of needs and offers, group names and descriptions."""

from __future__ import annotations

__all__ = [
    "NEED_TITLES",
    "OFFER_TITLES",
    "NEED_CLOSINGS",
    "GROUP_NAME_TEMPLATES",
    "GROUP_DESCRIPTIONS",
    "AVAILABILITY",
    "RESPONSE_MESSAGES",
    "UNMET_REASONS",
    "PARTNERSHIP_NOTES",
]

# slug: ((title, body), ...). Bodies are short and plain, like real posts.
NEED_TITLES: dict[str, tuple[tuple[str, str], ...]] = {
    "food-and-shopping": (
        ("Weekly shop from the big Tesco", "I can't carry heavy bags since my operation. List ready."),
        ("Bread, milk and a few bits", "Just the basics from the corner shop, I'll pay you back."),
        ("Collect a food bank parcel", "I have a voucher for Friday but no way to get there."),
        ("Halal meat from the Broadway", "My usual butcher delivers no more. Happy to pay for a cab back."),
        ("Help with online shopping order", "Can someone help me set up a delivery slot and order?"),
    ),
    "cooked-meals": (
        ("A hot meal a couple of times a week", "Home from hospital and not able to stand at the cooker."),
        ("Meals for a family while mum recovers", "Three kids, all fine with vegetarian food."),
        ("Someone to eat lunch with", "I'd cook if there was someone to share it with."),
    ),
    "lifts-and-transport": (
        ("Lift to Ealing Hospital outpatients", "Appointment at 10:30, I can get home by bus after."),
        ("Lift to the tip with garden waste", "About six bags, I can help load."),
        ("Company on the bus to Southall", "First time out since my fall, would like someone with me."),
        ("Lift to the Gurdwara on Sunday", "Mornings only, I use a walking frame."),
        ("Lift to a job interview in Park Royal", "Interview at 9am, buses don't get there in time."),
    ),
    "befriending": (
        ("A weekly chat on the phone", "Since my wife died the days are long. Anyone for a chat?"),
        ("Someone to walk with in the park", "Slow walker, would love company on a Tuesday."),
        ("Visits for my dad", "He lives alone in Northolt and would love a visitor."),
        ("Chess partner wanted", "Retired teacher, rusty but keen."),
    ),
    "health-support": (
        ("Company at a hospital appointment", "Nervous about a scan next week, would like someone with me."),
        ("Check in on me after my operation", "Just a knock on the door each day for a week."),
        ("Help settling back home", "Coming out of hospital on Monday, need a hand with the basics."),
    ),
    "prescriptions": (
        ("Collect my repeat prescription", "It's ready at the pharmacy on the high street every month."),
        ("Pharmacy pick-up this week", "I'm isolating with flu and need my inhaler."),
        ("Regular prescription run", "Every four weeks, the chemist knows me."),
    ),
    "mental-wellbeing": (
        ("Someone to talk to", "Feeling low lately and not sure where to start."),
        ("Support group for new mums", "Looking for others going through the same thing."),
        ("Help finding counselling", "Waiting list is long, are there local groups?"),
    ),
    "personal-care": (
        ("Help getting washed and dressed", "Just in the mornings until my carer starts."),
        ("Help with bathing once a week", "I can't get in and out of the bath safely."),
    ),
    "digital-help": (
        ("Set up my new smartphone", "My grandson gave me one and I'm lost."),
        ("Help booking GP appointments online", "The NHS app confuses me."),
        ("Video calls with family abroad", "Want to see my grandchildren in Kraków."),
        ("Help applying for a job online", "The forms keep timing out on me."),
    ),
    "household-and-diy": (
        ("Put up two shelves", "I have the shelves and brackets, just no drill."),
        ("Move a wardrobe upstairs", "Need two strong people for half an hour."),
        ("Change the smoke alarm battery", "Can't reach the ceiling any more."),
        ("Fix a dripping tap", "Kitchen tap, probably a washer."),
        ("Bleed the radiators", "Heating's on but half the radiators are cold."),
    ),
    "gardening": (
        ("Mow the front lawn", "Small garden, mower in the shed."),
        ("Clear autumn leaves", "The path gets slippery and I worry about falling."),
        ("Help with an overgrown back garden", "Brambles everywhere since I've been unwell."),
    ),
    "pets": (
        ("Walk my dog while I recover", "Friendly spaniel, twice a day for two weeks."),
        ("Feed my cat while I'm in hospital", "Probably three or four days, key with neighbour."),
        ("Lift to the vet", "Cat needs a check-up, I don't drive."),
    ),
    "childcare": (
        ("School pick-up on Wednesdays", "I work late on Wednesdays; pick-up at 3:15."),
        ("Babysitter for a parents' evening", "Two children aged 5 and 8, about two hours."),
        ("Holiday play for my son", "A few hours a week over half term."),
    ),
    "forms-and-admin": (
        ("Help with a PIP form", "The form is long and I don't know what to write."),
        ("Read and explain a council letter", "About my council tax, I don't understand it."),
        ("Help phoning the energy company", "On hold for hours, need someone patient."),
        ("Help with a blue badge application", "Need help with the online form and photos."),
    ),
    "translation": (
        ("Explain a letter in Punjabi", "Letter from the housing office, my English isn't good."),
        ("Polish speaker for a school meeting", "Meeting about my daughter's progress."),
        ("Somali interpreter for a housing visit", "Informal, just to help us understand each other."),
        ("Help with an Arabic form", "Need someone to help fill in a form for my mother."),
    ),
    "english-conversation": (
        ("English conversation practice", "I am learning and want to speak more. Coffee is on me."),
        ("Practice for my citizenship interview", "Would like to practise speaking English."),
    ),
}

OFFER_TITLES: dict[str, tuple[tuple[str, str], ...]] = {
    "food-and-shopping": (
        ("Can pick up shopping on my way home", "I pass the big Sainsbury's every evening."),
        ("Sharing surplus veg from my allotment", "Courgettes galore, come and take some."),
        ("Weekly shop for someone housebound", "Saturdays, I have a car."),
    ),
    "cooked-meals": (
        ("Extra portion of dinner most nights", "I always cook too much. Vegetarian, no nuts."),
        ("Sunday lunch for a neighbour", "Roast every Sunday, one more is no trouble."),
    ),
    "lifts-and-transport": (
        ("Lifts to appointments on weekdays", "Retired and have a car, happy to drive locally."),
        ("Lifts to the supermarket on Saturdays", "Room for two and their shopping."),
    ),
    "befriending": (
        ("Friendly phone calls", "Happy to ring someone for a chat once a week."),
        ("Walks in the park", "I walk every morning and would enjoy company."),
        ("Visits and a cup of tea", "I live nearby and have afternoons free."),
    ),
    "health-support": (
        ("Company at appointments", "Retired nurse, happy to sit with you at an appointment."),
        ("Check-ins after a hospital stay", "A daily knock on the door for a week or two."),
    ),
    "prescriptions": (
        ("Prescription collection", "I go past the pharmacy on my way to work."),
    ),
    "mental-wellbeing": (
        ("A listening ear", "Trained peer supporter, happy to talk."),
        ("Walk and talk", "Gentle walks and a chat, no pressure."),
    ),
    "personal-care": (
        ("Personal care help (DBS checked)", "Former care worker with a current enhanced DBS check."),
    ),
    "digital-help": (
        ("Help with phones and tablets", "Patient with beginners, can come to you."),
        ("Set up video calls", "Zoom, WhatsApp, FaceTime: I'll show you how."),
        ("Help with online forms", "I'm good with computers and happy to sit with you."),
    ),
    "household-and-diy": (
        ("Handy with a drill", "Shelves, pictures, curtain poles."),
        ("Small plumbing jobs", "Taps, washers, toilet cisterns."),
        ("Help moving furniture", "Strong and free at weekends."),
    ),
    "gardening": (
        ("Lawn mowing", "Have my own mower, can do small gardens."),
        ("Garden tidy-ups", "Weeding, pruning, leaves."),
    ),
    "pets": (
        ("Dog walking", "I love dogs and walk in the park daily."),
        ("Cat feeding when you're away", "Live nearby, happy to pop in."),
    ),
    "childcare": (
        ("School pick-ups (DBS checked)", "Mum of two, enhanced DBS through our school."),
    ),
    "forms-and-admin": (
        ("Help with forms and letters", "Retired civil servant, forms hold no fear."),
        ("Benefits forms help", "I've been through PIP myself and can help."),
    ),
    "translation": (
        ("Punjabi and Hindi translation", "Happy to explain letters or come to a meeting."),
        ("Polish translation", "Native speaker, happy to help."),
        ("Arabic translation", "Can help with letters and phone calls."),
        ("Somali interpreting", "Informal help at meetings and on the phone."),
    ),
    "english-conversation": (
        ("English conversation over coffee", "Retired teacher, happy to chat and help with English."),
    ),
}

NEED_CLOSINGS = (
    "", " Thank you!", " Any day this week is fine.", " Mornings are best for me.",
    " Please message me here.", " I'm on the ground floor.", " Many thanks in advance.",
)

# kind: templates. {place} is a locality, {street} a road or estate, {saint} a saint's name.
GROUP_NAME_TEMPLATES: dict[str, tuple[str, ...]] = {
    "mutual_aid": (
        "{place} Mutual Aid", "{place} Good Neighbours", "{place} Helping Hands", "{street} Neighbours",
        "{place} Community Fridge", "{place} Neighbourhood Network", "{street} Street Support",
        "{place} Community Kitchen", "{place} Volunteers",
    ),
    "charity": (
        "{place} Food Bank", "{place} Age Friendly Network", "{place} Carers' Centre",
        "{place} Community Transport", "{place} Befriending Service", "{place} Refugee Welcome",
        "{place} Advice Centre", "Friends of {place}", "{place} Youth Trust", "{place} Community Centre",
    ),
    "faith": (
        "St {saint}'s {place} Food Bank", "St {saint}'s Church, {place}", "{place} Gurdwara Seva Volunteers",
        "{place} Masjid Community Support", "{place} Methodist Lunch Club", "{place} Baptist Night Shelter",
        "{place} Mandir Volunteers", "{place} Synagogue Care Group", "{place} Quaker Meeting",
        "St {saint}'s {place} Pastoral Care",
    ),
    "tenants": (
        "{street} Tenants' and Residents' Association", "{street} Residents' Association",
        "{street} Tenants' Association",
    ),
    "club": (
        "{place} Walking Club", "{place} Men's Shed", "{place} Allotment Society", "{place} Over-60s Club",
        "{place} Knit and Natter", "{place} Repair Café", "{place} Running Club", "{place} Lions Club",
        "{place} Rotary Club", "{place} Gardening Club", "{place} Chess Club", "{place} Women's Institute",
    ),
    "school": (
        "{place} Primary School PTA", "{place} High School Volunteers", "St {saint}'s Primary Parents",
        "{place} Nursery Parents' Network",
    ),
    "business": (
        "{place} Traders' Association", "{place} Community Pharmacy", "{place} Business Network",
        "{place} Café Pay It Forward",
    ),
}

GROUP_DESCRIPTIONS: dict[str, str] = {
    "mutual_aid": "Neighbours helping neighbours around {place}: shopping, lifts, a friendly call. "
    "Volunteer-run, no paperwork to get help.",
    "charity": "A registered charity serving {place} and nearby, with trained volunteers and a "
    "small staff team.",
    "faith": "Our congregation in {place} welcomes everyone, of any faith or none, to the help we offer.",
    "tenants": "The residents' voice for {place}: repairs, safety and looking out for each other.",
    "club": "A friendly club in {place} whose members also lend a hand to neighbours who need one.",
    "school": "Parents and staff from {place} helping families in the school community.",
    "business": "Local businesses in {place} giving time and skills back to the neighbourhood.",
    "other": "Local people in {place} helping where they can.",
}

AVAILABILITY = (
    "Weekday evenings", "Saturday mornings", "Most afternoons after 2pm", "School hours, Monday to Thursday",
    "Sundays after 1pm", "Flexible, message me", "Weekends only", "Tuesday and Thursday mornings",
    "Evenings after 6pm", "Any time with a day's notice",
)

RESPONSE_MESSAGES = (
    "I can do this. I live a couple of streets away.", "Happy to help, I'm free tomorrow afternoon.",
    "I could do Saturday morning if that works?", "Our group can take this on; I'll be in touch.",
    "I've done this before for my mum, happy to help.", "Free after work most days this week.",
    "I can help, message me with a time.",
)

UNMET_REASONS = (
    "No volunteer was free at the time needed", "Nobody nearby offers this kind of help yet",
    "Needed a DBS-checked volunteer and none was available", "Referred to the council's adult social care",
    "The resident found help elsewhere", "Could not reach the resident",
)

PARTNERSHIP_NOTES = (
    "We refer food parcels to each other.", "Sharing drivers for hospital lifts.",
    "Joint befriending rota over the winter.", "They translate for our Punjabi-speaking residents.",
    "Shared volunteers for the Saturday lunch club.", "Co-running a digital drop-in at the library.", "",
)
