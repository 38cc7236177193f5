"""Worn things of ``nouns``' table: hats, helmets, gloves, footwear and clothes, named as
things a scene shows lying, hanging or thrown ("a pair of muddy boots at its foot", "fans threw
their hats onto the ice"). Worn by someone ("a man in a hat", "wearing gloves"), they are his
costume, not a thing beside him: ``library.find_all`` leaves them to the painter there. Also
machines, garden and street things the set draws under another name (see ``nouns`` for the
row format): a tree stump is a log, not the cricket stumps."""

from __future__ import annotations

# Things worn (``library`` reads their nouns as a costume after "wearing", "in", "with").
GARMENTS = """
top-hat: hat=0.18 hats=0.18 top_hat=0.18 top_hats=0.18 topper=0.18 stovepipe_hat=0.22 \
 magician's_hat=0.18 silk_hat=0.18 opera_hat=0.18
womans-hat: sun_hat=0.15 sunhat=0.15 straw_hat=0.15 straw_hats=0.15 bonnet=0.15 bonnets=0.15 \
 sunbonnet=0.15 easter_bonnet=0.15 picnic_hat=0.15 garden_hat=0.15
billed-cap: cap=0.12 caps=0.12 baseball_cap=0.12 baseball_caps=0.12 trucker_cap=0.12 \
 peaked_cap=0.12 sports_cap=0.12 ball_cap=0.12
graduation-cap: mortarboard=0.1 mortarboards=0.1 graduation_caps=0.1 mortar_board=0.1
military-helmet: helmet=0.25 helmets=0.25 army_helmet=0.25 combat_helmet=0.25 tin_hat=0.25 \
 steel_helmet=0.25 soldier's_helmet=0.25
rescue-workers-helmet: hard_hat=0.2 hard_hats=0.2 hardhat=0.2 hardhats=0.2 safety_helmet=0.2 \
 safety_helmets=0.2 construction_helmet=0.2 fire_helmet=0.25
gloves: gloves=0.25 glove=0.25 mittens=0.2 mitten=0.2 gardening_gloves=0.25 work_gloves=0.25 \
 leather_gloves=0.25 rubber_gloves=0.3 woolly_gloves=0.2 woollen_gloves=0.2 winter_gloves=0.25 \
 hockey_gloves=0.3 driving_gloves=0.25
boxing-glove: boxing_glove=0.3 boxing_gloves=0.3
hiking-boot: boots=0.3 hiking_boots=0.3 hiking_boot=0.3 walking_boots=0.3 work_boots=0.3 \
 wellingtons=0.4 wellies=0.4 wellington_boots=0.4 rubber_boots=0.4 rain_boots=0.4 \
 gumboots=0.4 army_boots=0.3 combat_boots=0.3 climbing_boots=0.3 snow_boots=0.3 \
 football_boots=0.2 rugby_boots=0.2
womans-boot: knee_boots=0.5 knee-high_boots=0.5 high_boots=0.5 heeled_boots=0.4 \
 ankle_boots=0.2 riding_boots=0.5
mans-shoe: shoes=0.12 pair_of_shoes=0.12 leather_shoes=0.12 dress_shoes=0.12 brogues=0.12 \
 loafers=0.12 oxfords=0.12 school_shoes=0.12
running-shoe: sneakers=0.12 sneaker=0.12 running_shoes=0.12 running_shoe=0.12 \
 tennis_shoes=0.12 gym_shoes=0.12 plimsolls=0.1 training_shoes=0.12
high-heeled-shoe: high_heels=0.12 high_heel=0.12 stilettos=0.12 stiletto_heels=0.12 \
 court_shoes=0.12
flat-shoe: ballet_flats=0.08 slippers=0.1 slipper=0.1 espadrilles=0.08
ballet-shoes: pointe_shoes=0.1 ballet_slippers=0.1 dance_shoes=0.1
coat: coat=1.0 jacket=0.8 jackets=0.8 anorak=0.8 parka=0.9 raincoat=1.0 \
 raincoats=1.0 overcoat=1.1 overcoats=1.1 greatcoat=1.2 trench_coat=1.1 trenchcoat=1.1 topcoat=1.1 \
 winter_coat=1.0 fur_coat=1.1 duffel_coat=1.0 coats=1.0
scarf: scarf=0.9 scarves=0.9 scarfs=0.9 muffler=0.9 woolly_scarf=0.9
socks: socks=0.25 sock=0.25 stockings=0.6 pair_of_socks=0.25 knee_socks=0.45
jeans: jeans=1.0 pair_of_jeans=1.0 blue_jeans=1.0 denims=1.0
t-shirt: t-shirt=0.7 t-shirts=0.7 tee_shirt=0.7 tshirt=0.7 tee-shirt=0.7
necktie: necktie=0.5 neckties=0.5 bow-tie=0.15 cravat=0.4
lab-coat: lab_coats=1.1 white_coat=1.1
safety-vest: hi-vis_vest=0.7 high-vis_jacket=0.7 hi-vis_jacket=0.7 high-visibility_jacket=0.7 \
 tabard=0.7 life_jacket=0.6 lifejacket=0.6 life_vest=0.6
martial-arts-uniform: karate_suit=1.3 judo_suit=1.3 karate_gi=1.3 dobok=1.3
kimono: kimonos=1.4 yukata=1.4
dress: dress=1.1 dresses=1.1 frock=1.0 ballgown=1.4 ball_gown=1.4 \
 evening_dress=1.4 wedding_dress=1.4 sundress=1.0
shorts: pair_of_shorts=0.5 swimming_trunks=0.4 board_shorts=0.5
"""

SECTIONS: tuple[tuple[str, str], ...] = (
    ("thing", GARMENTS),
    ("structure", """
building-construction: crane=30.0 cranes=30.0 harbour_crane=40.0 dock_crane=40.0 \
 dockside_crane=40.0 tower_crane=40.0 construction_crane=40.0 gantry_crane=40.0 \
 container_crane=40.0 building_crane=40.0 crane_truck=12.0 mobile_crane=15.0
"""),
    ("thing", """
white-cane: walking_stick=0.9 walking_sticks=0.9 walking_cane=0.9 walking-stick=0.9 \
 canes=0.9
bathtub: tin_bath=0.5 hip_bath=0.6 bathtubs=0.6
wood: stump=0.5 tree_stump=0.5 tree_stumps=0.5
hourglass-done: egg_timer=0.12 egg_timers=0.12 sand_timer=0.15 sandglass=0.2
timer-clock: kitchen_timer=0.08 oven_timer=0.08
automobile: toy_car=0.12 toy_cars=0.12 model_car=0.15 model_cars=0.15
"""),
)
