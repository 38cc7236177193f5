"""Role nouns are people in a costume: the painter draws a bride, an acrobat or a miner as a
person dressed for the part, never as a thing from the library.

The list is a general one of roles films name (stage and circus, weddings, law, faith, work,
sport, war, travel, the sea, royalty), not words from the labelled scripts.
"""

from __future__ import annotations

import pytest

from vidstudio.providers.local.art import library
from vidstudio.providers.local.art.roles import is_role
from vidstudio.providers.local.art.words import split
from vidstudio.providers.local.paint.costume import costume_for

ROLE_NOUNS = split("""
bride groom bridegroom bridesmaid acrobat juggler clown ringmaster jester contortionist
aerialist magician illusionist dancer ballerina gymnast cheerleader conductor
referee umpire athlete footballer runner cyclist boxer wrestler swimmer lifeguard surfer
skater climber mountaineer hiker golfer goalkeeper jockey skier
judge magistrate barrister lawyer solicitor attorney prosecutor juror detective inspector
sheriff marshal deputy constable cop policeman policewoman warden gendarme
priest monk nun friar abbot bishop vicar cardinal pastor preacher rabbi imam chaplain
deacon missionary pilgrim curate abbess
doctor nurse surgeon physician paramedic medic midwife pharmacist dentist vet scientist
chemist optician radiographer
miner collier diver frogman aquanaut astronaut cosmonaut spaceman firefighter fireman
builder plumber electrician mechanic welder labourer roofer bricklayer engineer technician
foreman pilot aviator copilot steward stewardess porter chauffeur doorman bellboy
concierge postman courier
soldier sergeant lieutenant colonel commander warrior guard sentry infantryman paratrooper
commando sniper cadet trooper centurion legionary gunner corporal brigadier mercenary
knight squire paladin archer
sailor captain skipper deckhand admiral fisherman mariner boatswain bosun helmsman
coxswain ferryman boatman navigator pirate buccaneer smuggler
king queen prince princess emperor empress duke duchess sultan pharaoh tsar tsarina
maharaja rajah baron baroness countess regent
waiter waitress barman barmaid bartender barista maid housekeeper butcher grocer
fishmonger shopkeeper innkeeper landlady cashier chef baker butler
farmer farmhand shepherd shepherdess milkmaid gardener woodcutter lumberjack gamekeeper
beekeeper cowboy cowgirl rancher gunslinger drover gaucho
wizard witch sorcerer sorceress warlock druid hermit hunter huntsman assassin poacher
seer soothsayer alchemist outlaw bandit robber burglar thief highwayman pickpocket mugger
convict kidnapper
diplomat ambassador politician senator mayor president chancellor undertaker banker
businessman accountant clerk spy agent professor scholar
""")


def test_the_list_is_long_and_each_role_once() -> None:
    assert len(ROLE_NOUNS) >= 150
    assert len(set(ROLE_NOUNS)) == len(ROLE_NOUNS)


@pytest.mark.parametrize("role", ROLE_NOUNS)
def test_a_role_is_a_person_in_a_costume_and_never_a_thing(role: str) -> None:
    assert is_role(role), role
    assert costume_for(role) is not None, role
    assert costume_for(f"the old {role}") == costume_for(role)
    assert library.find(role) is None or library.find(role).category == "People & Body"


@pytest.mark.parametrize(("role", "dress"), [
    ("bride", "white gown and veil"), ("acrobat", "spangled leotard"),
    ("clown", "clown suit and pointed hat"), ("ringmaster", "red tailcoat and top hat"),
    ("miner", "miner's helmet"), ("astronaut", "white spacesuit"),
    ("trapeze artist", "spangled leotard"), ("scuba diver", "diving suit and helmet"),
])
def test_roles_wear_what_a_reader_expects(role: str, dress: str) -> None:
    found = costume_for(role)
    assert found is not None and found.name == dress
