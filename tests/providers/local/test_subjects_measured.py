"""The labelled scripts' subjects are on screen: measured on keyframe pixels (see
``subject_score``).

``unseen`` was written after the code of session 4 and scored 65 % on its one honest run; it
was tuned on afterwards, so it is no longer unseen. ``unseen_s5`` was written in session 5 in
forms not covered before (documentary, diary, news report, stage play, storyboard, cooking
vlog, poem), committed before any run, and scored 69 % on its first run (target 80 %); after
general fixes (several people named by their role, more animal names) it scores 77 %. Its floor
is set there, below the 80 % target, which it does not yet meet. Session 6's general fixes
(stop words introduced as objects, a flag, frozen water, the inside of a place seen from outside)
came from ``unseen_s5``'s misses, so it is tuned on; it scores 79.5 % with them.

``unseen_s6`` was written in session 6 after those fixes, in forms not used before (fairy tale,
ship's log, sports commentary, travel blog, letter, game design document, comic strip), labelled
and committed (8534c99) before any run. Its one honest run scored 60.5 % (26 of 43), well below
the 80 % target. Its misses: a comic's third panel has no shot of its own; people named by a role
the scorer does not count as a person (player, goalkeeper); a castle and a mountain, which the
painter treats as the place rather than a drawing; a lantern after an adjective, ramen, a hot dog,
a chest, a chandelier and a sunflower not drawn; a spider too faint in a dark hall; the letter's
writer not drawn. Its floor is set just below that run so it guards against losing ground.

Session 6 (brief S6) fixed those misses by general rules and is therefore tuned on
``unseen_s6``, which is no longer unseen: a comic's "PANEL n:" is a section, not a speaker's
cue; people named by any role noun (a list of roles and compounds such as goalkeeper,
shopkeeper, postman) are drawn, two of them as two figures; the narrator "I" is drawn after the
things they name; a participle does not hide the noun after it ("a locked chest"); a longer
library name wins over an animal inside it ("a hot dog"); foods by their own names (ramen);
the sunflower is no longer taken for the sun; a castle, and a mountain or volcano seen from a
scene that is not in the mountains, are drawn standing on the horizon; a chandelier is hung;
a railway station is painted as a platform, not a street; narrow drawings get a least area; a dark drawing in a dark place is lifted with a rim
light. Scores before -> after, all four folders measured in the same tree: seen 100 % -> 100 %
(33), unseen 87 % -> 87 % (20 of 23), unseen_s5 79.5 % -> 79.5 % (31 of 39, the same eight
misses), unseen_s6 60.5 % -> 100 % (43, tuned on). Floors sit just below those scores. The next honest measure is
``unseen_s7``, written by another engineer and not opened here.

``unseen_s7`` (seven scripts in new forms: a museum audio guide, a bedtime rhyme, a nature field
journal, a product keynote, a radio drama on a train, a recipe told as a story, a space-station
screenplay; 67 labelled subjects) was written and committed (fe39fe8) before those fixes by an
engineer who did not read the painter, kept unseen while they were made, and run once by the
lead after them: **58.2 % (39 of 67)**, against the 80 % target -- not met. What it misses is
mostly the number of things a scene shows: a scene that names a bowl, a jug and a whisk gets
one drawing (the egg), a kitchen scene's stove, frying pan and pancakes give way to the cook and
the butter; then drawings the library has under other names (a whale and a swordfish beside a
lobster, a safe, a trunk, a diamond, a microphone, an oven, a log, a shuttle), a person drawn
as someone else (the keynote's woman as a cook, an astronaut as a robot, a waiter as a plain
figure), and a lighthouse, a moon, a dog and a bridge not drawn.
Its floor was set just below that run.

Session 7 (brief S7) tuned on ``unseen_s7`` (it is no longer unseen; the next honest measure is
``unseen_s8``, written by another engineer and not opened here) with general rules only: a
scene names up to five subjects (people first, three at most), the painter draws them all, small
things indoors on one table, the place's props behind and clear of them, things aloft side by
side; the library answers to a compound's head noun ("bowl", "bottle"), closed compounds of an
animal ("sheepdog", "swordfish"), drawings named in the plural ("pancakes") and a synonym table
of common film nouns (diamond, log, frying pan, honey, trunk, shuttle); a lighthouse, a bridge,
a windmill, a house, a tower, an oven, a stove, a safe, a bench and the moon are painted by hand
where the library has no drawing (not when the scene is inside them); verbs after a pronoun,
likenesses ("the size of houses") and places ending in a thing's name ("the dining car") are
not things; a speaker cued by their role ("WAITER:") is in the scene; a [bracket] inside a
paragraph is a visual direction; on a rooftop people stand on the roof, not behind its
parapet; the scorer reads a part's text without (40s)-style asides, as the planner does. A
separate test (``test_art_common_nouns``) checks a general list of 128 common nouns: 118
resolved before, all do now. Scores before (this session's first run, on the tree before
these changes) -> after (the final tree): seen 100 % -> 100 % (33), unseen 87 % -> 91 % (21 of
23), unseen_s5 79.5 % -> 87 % (34 of 39), unseen_s6 100 % -> 100 % (43), unseen_s7 58.2 % ->
95.5 % (64 of 67; tuned on: the mummy and the whisk have no drawing, the pancakes of "we ate
them" are only a pronoun). Floors sit just below those scores.

``unseen_s8`` (eight scripts in forms not used before: an auction catalogue, a western told at
a campfire, a detective's case notes, a horror story, an estate agent's house tour, a music
video treatment, a fantasy quest log, a science-fair talk; 72 labelled subjects) was written
and committed (2cc85ff) in session 7 by an engineer who did not read the painter, while those
rules were made without opening it, and run once by the lead after: **77.8 % (56 of 72)**,
against the 80 % target -- not met, but up from the 58-60 % of the two honest runs before.
Its misses: things the scene names beside others that won the five places (a cow beside the
campfire wood, a harp, a lamp, a fireplace, a lemon, a piano, a rose, a swing), places drawn
as a thing instead of a subject (a saloon as a keyboard and a bell, a wagon as a wheel, a
beehive as a bee), a knight and a wizard drawn as plain figures, and the case notes' last
scene drawn as three plain figures, a picture and a parrot where a reader sees a policeman and
a lobster. Its floor
sits just below that run.

Session 8 (brief S8) tuned on ``unseen_s8`` (it is no longer unseen; the next honest measure is
``unseen_s9``, written by another engineer and not opened here) with general rules only: big
things no drawing shows are painted by hand (a fireplace, a harp, a garden swing, a beehive, a
covered wagon, a scarecrow; a saloon, an inn or a tavern seen from outside as a building); a
role noun is a person (wizard, witch, sorcerer, marshal, judge, ...) who wears the role's
costume from one table (``paint.costume``: armour, robe and pointed hat, crown, star badge,
police cap, ...), a title before a name ("Captain Mara") or a role said of a name ("Sir
Aldric, a knight") is that role, and "-men" plurals are two figures; words said aloud ("the
parrot said \"thief\""), people spoken to ("Hello, judges!") and a person word before a thing
("a grandfather clock") are not subjects; herds ("cattle") are cows; the plural of a fruit or a
flower kept out as a stop word is the thing ("roses", "lemons"), and a thing after a
preposition of place and "the" ("under the lamp") is the object. The scorer now also accepts a
record naming the label in the plural ("roses" for "rose"). Scores before (this session's
first run) -> after, all folders in the same tree: seen 100 % -> 100 % (33), unseen 91 % ->
91 % (21 of 23), unseen_s5 87 % -> 87 % (34 of 39), unseen_s6 100 % -> 100 % (43), unseen_s7
95.5 % -> 95.5 % (64 of 67), unseen_s8 77.8 % -> 97.2 % (70 of 72; tuned on: the lobster of
the case notes' last scene loses the five places to the painting, the fireplace and the parrot
of its last sentence, and the microscope of the science fair's last scene to the bee, the honey,
the hive and the wing). The case notes' last scene showed neither thing a reader expects because its
two policemen were one figure called "policemen" (a word no rule made singular) and the
parrot's quoted "thief" took a figure's place (both fixed in general), and because the
planner takes the scene's last sentence as its action, whose things are named first (open:
the lobster of the first sentence still loses to them). Floors sit just below
those scores.

``unseen_s9`` (eight scripts in forms not used before: a courtroom drama, a road-trip comedy, a
fable, a weather forecast, a wedding film, a DIY tutorial, a ringmaster's announcement, a group
chat; 83 labelled subjects), written before session 8's tuning by an engineer who read no
planner or painter code and kept unopened by the tuner, measured once by the lead after it:
**60.2 % (50 of 83)** -- below the 80 % issue 23 asks, and below unseen_s8's honest 77.8 %. Its
misses: things the library has under another name or not at all (gavel, workbench, plank,
drill, birdhouse, anvil, snowplough, deckchair, petrol pump, surfboard, trapeze, unicycle, hoop,
bouquet, cello, violin), role figures with no role table entry (bride, acrobat, juggler), a
church as a place, animals losing the five places (cat, crow) or drawn too faint or cut by the
edge (crow, goat, stove), and a "boat" label met by a motor boat the scorer does not count as
one. It may be tuned on from now; the next honest measure needs a new set written first.

Session 9 (brief S9) tuned on ``unseen_s9`` (it is no longer unseen; the next honest measure is
``unseen_s10``, written by another engineer and not opened here) for which subjects a scene
keeps, where they stand and whether they are seen, with general rules only: an opening
address ("Ladies and gentlemen, boys and girls,") is nobody in the picture; an animal a story
tells of as a person ("a crow who collected ...; she spied") is drawn for its "she" or "he";
a body part after a possessive ("her feathers"), a verb after a plural doer ("two ushers wheel
in") or with "it" for its object ("clamp it"), a word inside a proper name ("Mill Street") and
a part of the place after a preposition ("in the front doorway") are no things; a scene outside
a building ("paces outside the little stone church") is in the open with the building drawn; a
barn is a place; the sentence that names the scene's place leads its subjects (the case notes'
lobster: the busiest sentence told of a fireplace elsewhere), and beyond five the leading
sentence's things and those named again come before passing mentions; one bird named is its
drawing, not faint strokes; a dark hand-painted animal in a dark place is lifted; every subject
keeps a wider margin inside the frame of both keyframes (the goat and the stove were cut under a
close crane-up). The scorer also counts a kind drawn as one ("a fishing boat" for a "boat"
label, the drawings in the same library category; never a hot dog for a dog). Scores before
(this session's files put back to edbd3e3) -> after (ff5d8b7), both in one copy of the shared
tree taken at 17:58 UTC with every other engineer's work in it, V9's unfinished library
vocabulary included, and the new scorer in both: seen 100 % -> 100 % (33), unseen 91.3 % ->
91.3 % (21 of 23), unseen_s5 89.7 % -> 89.7 % (35 of 39), unseen_s6 100 % -> 100 % (43),
unseen_s7 97.0 % -> 97.0 % (65 of 67), unseen_s8 91.7 % -> 94.4 % (68 of 72; the lobster and
the beehive), unseen_s9 69.9 % -> 79.5 % (66 of 83; tuned on). The committed tree alone (ff5d8b7,
without V9's unfinished vocabulary) scores unseen_s8 98.6 % (71 of 72) and unseen_s9 67.5 % (56
of 83): the rest of unseen_s9's misses are words the library does not yet draw (gavel,
workbench, plank, saw, anvil, trapeze, hoop, cello, violin, bouquet, table) and roles with no
figure (bride, acrobat, juggler), V9's part; a named pet never called a cat ("Biscuit ...
yowling") is not drawn. unseen_s9's floor is set below the committed tree's score.

Session 9 (brief V9) widened the library's vocabulary in general, not word by word from a
folder: a noun table of the project's own (``art.nouns``, 5645 common concrete nouns of scripts
by category, each mapped to the nearest drawing at the noun's own height: a gavel is a hammer,
a cello the violin 1.2 m tall, a snowplough a tractor, a heron a bird 1 m tall), nouns that
are verbs too (sink, drill) only when introduced, a keyword losing to a named drawing, and
about 170 more role nouns drawn as people in a costume (bride, acrobat, juggler, clown,
ringmaster, miner, diver, ...). unseen_s9 was used only to remove table words that took the
five subject places from what its scenes are about (shop names, dolls, greens, chimes, a bay
window, a poster, a tomato plant; the same words hurt unseen_s7 and unseen_s8). Scores before
-> after, measured on one export of f85a670 (before S9's placement commit) with only V9's files
changed, so the figures are V9's change alone, under the cpu lock at load 0.5-3.8: seen 100 %
-> 100 % (33), unseen 91.3 % -> 91.3 % (21 of 23), unseen_s5 87.2 % -> 87.2 % (34 of 39),
unseen_s6 100 % -> 100 % (43), unseen_s7 95.5 % -> 98.5 % (66 of 67), unseen_s8 97.2 % ->
97.2 % (70 of 72), unseen_s9 60.2 % -> 72.3 % (60 of 83); the first four "after" figures were
taken one commit before the last table edit (the poster), the last three after it. The floors
are left as they are. The shared working tree at 18:50 UTC (S9's placement and V9's vocabulary
together, with others' uncommitted work) scores unseen_s7 98.5 % (66 of 67), unseen_s8 98.6 %
(71 of 72) and unseen_s9 80.7 % (67 of 83; tuned on). unseen_s9's remaining vocabulary misses: a workbench, a plank (drawn as
wood only when named alone), a saw beside the pencil and clamp, an anvil, a trapeze and a hoop
(no drawing), a birdhouse losing its place to a bolt, a cello and a violin losing theirs to the
crowd and a seat.

``unseen_s10`` (ten scripts in forms not used before: silent-film intertitles, a sea shanty, a
soap opera recap, a cooking competition, a pirate gamebook, a superhero film pitch, a hospital
ward handover, a kids' science show, voicemail messages, an oral history; 85 labelled subjects)
was written and committed (f85a670) before session 9's work by an engineer who read no planner
or painter code, kept unopened while S9 and V9 tuned, and measured once by the lead on the
committed tree (52f248f): **65.9 % (56 of 85)** -- not the 80 % target. Nine of the misses were
one whole script the planner refused ("headings but no story text"): every paragraph opened
with 'TITLE CARD: "..."', read as the film's title with the scene after it thrown away; the
other eight scored 56 of 76 (73.7 %). Its other misses: a cannon, a map, a chest, crutches, a
teddy bear, milk, a mop, a toaster, a traffic light, a water tower, a trawler, a net, a ring,
an umbrella, a suitcase, a cooler and a cabin not drawn (another drawing or a passing word took
the place: "wheel", "package", "bullseye", "hot dog"); a pirate and a doctor drawn as plain
people the record does not name by their role; a church scene drawn with its bell only. After
the measure the intertitle was fixed by a general rule (9056bec: a card's quoted words with
the scene after them are both the story); the set then scores 72.9 % (62 of 85), tuned on from
here. The floor sits just below that.

Session 10 (brief V10) read the noun table through, sense by sense ("would a viewer who read
this word accept this drawing as it?"): 708 of its 5,588 nouns showed another thing and were
removed, 43 moved to a better drawing, 48 added (a jukebox or a cash machine was the petrol pump, a pram the shopping
trolley, a surfboard the skateboard, a whisk the spoon, a shovel or a pitchfork the pickaxe, a
unicycle the bicycle, a typewriter the computer keyboard, a mummy the skull, a water tower the
Tokyo tower, a pyramid the Hindu temple, any statue the Statue of Liberty, a lighter a motor
boat, a dish a satellite dish); CLDR keywords no longer name drawings ("left" was the speech
bubble, "iron" the waffle); words of several senses name nothing alone (cricket, gear,
glasses); people in a role are drawn by hand (the judge in a gown, not an emoji). unseen_s10
was tuned on for its vocabulary only (a traffic light, a log cabin, milk). Scores before ->
after, both measured in the same run at 20:50 UTC (load 1.8) on the shared tree with S10's
uncommitted work, "before" with only V10's files at HEAD: seen 100 % -> 100 % (33), unseen
91.3 % -> 91.3 % (21 of 23), unseen_s5 87.2 % -> 87.2 % (34 of 39), unseen_s6 100 % -> 100 %
(43), unseen_s7 98.5 % -> 95.5 % (64 of 67), unseen_s8 100 % -> 98.6 % (71 of 72), unseen_s9
84.3 % -> 77.1 % (64 of 83), unseen_s10 84.7 % -> 81.2 % (69 of 85). Every label lost was
counted only through a wrong drawing, the honest picture the brief prefers: unseen_s7 a mummy
(a skull) and a whisk (a spoon); unseen_s8 a typewriter (a computer keyboard); unseen_s9 a
drill (a screwdriver), a unicycle (a bicycle), two surfboards (a skateboard) and a vending
machine (a petrol pump), and a gavel now 0.0040 of the frame, just under the area the scorer
asks, beside a judge drawn by hand; unseen_s10 a whisk, a shovel and a pitchfork (a pickaxe), a
vending machine and a water tower (the Tokyo tower), against a traffic light and a log cabin
gained. The floors of unseen_s7 and unseen_s9 are therefore lowered to just below these honest
scores (0.97 -> 0.95, 0.80 -> 0.76), the only floors lowered; none of these things has a
drawing in the set.

Session 10 (brief S10) tuned on ``unseen_s10`` for which subjects a scene keeps and what the
take records, with general rules only: a run of capitalised words inside a sentence is a name
("the pirate ship Black Gull", "the Red Lion"), not a gull or a lion; "she" or "he" after a
named person is that person, and a name met again is the same figure ("a janitor called Dev
... Nobody notices Dev"); a role said of a person ("the captain, a one-eyed pirate"), a short
title ("Dr Reyes") and a role with its gender ("a woman keeper") are drawn and recorded as the
role; a possessive ("the ship's wheel") gives way to what it owns, and a place word written so
("the lab's curtain") is not the scene's place; a place said as a plan ("we'll be home by the
turn of the day") is not where the scene is; a place other than the scene's after a
preposition ("fell off a ladder ... in his orchard", told in a ward) and a comparison ("higher
than houses") are no things; outside a named building ("outside St Mary's church") is in the
open with the building drawn; what a person carries ("a man with a suitcase") is drawn beside
them and recorded; the tool of what a person is doing ("mopping": a mop) is seen; a singular
person word before a verb in -s ("the boy stacks") is the person; a scene names and draws up
to six subjects (was five); a hand-painted thing is recorded with the word that says which
("water tower"), and the scorer counts a hand-painted kind of a labelled thing as it counts a
drawn kind. Scores before -> after, measured on an export of d4c46ce (before both V10's and
S10's work) with only S10's files changed, so the figures are S10's change alone: seen 100 %
-> 100 % (33), unseen 91.3 % -> 91.3 % (21 of 23), unseen_s5 87.2 % -> 87.2 % (34 of 39),
unseen_s6 100 % -> 100 % (43), unseen_s7 98.5 % -> 98.5 % (66 of 67), unseen_s8 98.6 % ->
100 % (72), unseen_s9 80.7 % -> 83.1 % (69 of 83), unseen_s10 72.9 % -> 84.7 % (72 of 85;
tuned on). The shared tree at 21:01 UTC (V10's committed noun table and S10's work, with V10's
next table edits uncommitted; load 2.0) scores seen 100 %, unseen 91.3 %, unseen_s5 87.2 %,
unseen_s6 100 %, unseen_s7 95.5 %, unseen_s8 98.6 %, unseen_s9 77.1 % and unseen_s10 82.4 %
(70 of 85); unseen_s10's floor is raised to 0.8, the others stay. unseen_s10's misses there:
things with no drawing (cannon, milk, toaster, cooler, a net, a whisk, a shovel, a pitchfork, a
vending machine, a treasure chest; a diamond ring drawn as the gem), a treasure map drawn as a
scroll, a shot that has none of the last intertitle card's paragraph, and the baker's boy in a
sentence the planner splits before him.

Session 10, second round, the library's vocabulary (brief V11; unseen_s11, measured once by the
lead at 74.7 % on 48873ae, tuned on): worn things a scene shows lying, hanging or thrown are
drawn (a hat as the top hat, a helmet, gloves, boots, a coat or dress), while worn by someone
they are the costume ("a man in a top hat", "wearing gloves"); a crane is the set's building
crane, a walking stick the white cane; a chest is no toolbox (no drawing), a material before a
noun says what it is made of ("a timber barn" is no pile of wood). On the shared tree at 21:27
UTC (S11's committed work included; load ~2), before -> after V11's commit b197682: seen 100 %
-> 100 % (33), unseen 91.3 % -> 91.3 % (21 of 23), unseen_s5 87.2 % -> 87.2 % (34 of 39),
unseen_s6 100 % -> 97.7 % (42 of 43: "a locked chest" was counted only through the toolbox),
unseen_s7 95.5 % -> 95.5 % (64 of 67), unseen_s8 98.6 % -> 98.6 % (71 of 72), unseen_s9
77.1 % -> 77.1 % (64 of 83), unseen_s10 83.5 % -> 83.5 % (71 of 85), unseen_s11 74.7 % ->
88.5 % (77 of 87, with S11's work). unseen_s11's misses left: things the set does not draw
(a whistle, a crowbar, a hairdryer, a starfish, a bird feeder, a greenhouse, a well, a treasure
chest), the pub (a painted house) and a table that the scene does not keep.

Session 10, second round, which subjects a scene keeps (brief S11; unseen_s11 tuned on, general
rules only, each with sentences of our own in test_subjects_s11): a paragraph that is a whole
exchange of labelled lines (a game master's table talk) is a beat of its own, so each shot's
subjects come from its own paragraph (the swamp session's witch, cauldron, cat and chest had
been drawn a paragraph late); what a thing is likened to is not drawn, a drawing's name as much
as any word ("felt like a wet sponge", "like it's a grenade"); words each capitalised inside a
sentence are a name (the Black Swan inn is no swan); the narrator is one figure across the
scene, drawn as they say they were ("when I was a girl"); a scene that opens "Outside ..." or is
followed by one that opens "Come inside" stands outside the building it names, which is drawn; a
word in -s after "that" is a verb ("a table that seats eight"); a table is painted by hand, in a
darker wood than a room's own furniture (a courtroom's table had been too faint). The scorer
counts a thing painted as the labelled kind ("painted:house" for "house": a farmhouse painted as
a house is plainly a house). Before -> after: the clean tree at 48873ae, then an export of
cf25815 and the shared tree after a982e3b (V11's committed vocabulary included; load ~1-2): seen
100 % -> 100 % (33), unseen 91.3 % -> 91.3 % (21 of 23), unseen_s5 87.2 % -> 87.2 % (34 of 39),
unseen_s6 100 % -> 97.7 % (42 of 43, V11's chest, see above), unseen_s7 95.5 % -> 95.5 % (64 of
67), unseen_s8 98.6 % -> 98.6 % (71 of 72), unseen_s9 77.1 % -> 77.1 % (64 of 83) -> 78.3 % (65
of 83, the darker table), unseen_s10 83.5 % -> 83.5 % (71 of 85), unseen_s11 74.7 % -> 90.8 %
(79 of 87; S11's files alone on 48873ae's vocabulary: 74.7 -> 83.9 % before the table). No floor
for unseen_s11 yet (its run is 5 s, over this round's test budget with S11's new tests); floors
unchanged. Its misses left are things the set does not draw (a well, a greenhouse, a whistle, a
crowbar, a treasure chest, a starfish, a hairdryer, a bird feeder).

``unseen_s12`` (ten scripts in forms not used before: a lighthouse keeper's logbook, a
lost-and-found notice board, a zoo keepers' rota, a garage job sheet, a hotel guest's complaint,
a bird-watching checklist, a toy-shop catalogue, a rescue centre's adoption post, a village fete
programme, a theatre review; 90 labelled subjects) was written and committed (edfccdb, 21:18
UTC) by an engineer who opened no planner or painter code, before the second round's code (S11's
and V11's commits from 21:20 on), kept unopened while that round tuned on ``unseen_s11``, and
run once by the lead on dd345b0 (a clean worktree of the committed tree, 21:38 UTC): **85.6 %
(77 of 90)**, over the 80 % target. The honest runs so far: 65, 69, 60.5, 58.2, 77.8, 60.2,
65.9, 74.7 (``unseen_s11``, this session's first round) and 85.6 %. Its misses: a dog named
Biscuit (a sweet was drawn, no dog), a cage, a toast, a wheelbarrow and a trailer the scenes did
not keep, a ball among six toys, an owl, a motorbike (the scene drew a bicycle), a seal the
record names whose pixels did not pass, a foghorn, a notice board's last notice with no shot
of its own (cat, pigeon), a fete's cake drawn as a slice (the shortcake). Floors for ``unseen_s11`` (90.8 %, tuned on) and ``unseen_s12`` (85.6 %, honest) set
just below those runs; ``unseen_s12`` may be tuned on from here, so the next honest measure
needs a new set.
"""

from __future__ import annotations

import pytest

from tests.providers.local.subject_score import score

FLOORS = {"seen": 0.96, "unseen": 0.9, "unseen_s5": 0.86, "unseen_s6": 0.97,
          "unseen_s7": 0.95, "unseen_s8": 0.97, "unseen_s9": 0.76, "unseen_s10": 0.8,
          "unseen_s11": 0.9, "unseen_s12": 0.85}


@pytest.mark.parametrize("folder", list(FLOORS))
def test_labelled_subjects_are_drawn_visible_and_whole(folder: str) -> None:
    rate, verdicts = score(folder)
    missed = [f"{v.script} scene {v.scene + 1}: {v.label} ({v.why})"
              for v in verdicts if not v.shown]
    assert len(verdicts) >= 20
    assert rate >= FLOORS[folder], f"{rate:.0%} shown; missed: {missed}"
