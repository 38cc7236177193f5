"""Made things of ``nouns``' table: tools, instruments, furniture and household, kitchen
(see ``nouns`` for the row format)."""

from __future__ import annotations

SECTIONS: tuple[tuple[str, str], ...] = (
    ("thing", """
hammer: gavel mallet sledgehammer claw_hammer sledge_hammer
axe: hatchet tomahawk cleaver=0.3
carpentry-saw: handsaw hacksaw chainsaw=0.4 bandsaw bow_saw
screwdriver: awl chisel gimlet bradawl
wrench: spanner monkey_wrench
clamp: vise
pick: mattock=0.9 pickaxe=0.9 pick_axe=0.9
nut-and-bolt: bolt screw screws rivet
gear: cog cogwheel sprocket gearwheel flywheel
hook: grappling_hook meat_hook fish_hook fishhook
straight-ruler: yardstick measuring_stick tape_measure
toolbox: tool_box tool_kit toolkit tool_chest sewing_box
ladder: stepladder=1.5 step_ladder=1.5 rope_ladder
broom: broomstick mop=1.4 besom
bucket: pail scuttle coal_scuttle tub
oil-drum: drum_of_oil fuel_drum oil_barrel=0.9 oil_can=0.3 jerrycan=0.45 gas_can=0.4 \
 petrol_can=0.4 barrel=0.9 keg=0.6 cask=0.9
magnet: horseshoe_magnet electromagnet
chains: chain shackles=0.3 manacles=0.3 handcuffs=0.15 fetters
sewing-needle: needle knitting_needles=0.35 crochet_hook bodkin
thread: spool bobbin cotton_reel reel_of_thread twine string
yarn: wool ball_of_wool skein
paintbrush: brush=0.25 paint_brush=0.25 roller_brush palette_knife
crayon: chalk pastels charcoal_stick
"""),
    ("thing", """
violin: fiddle viola=0.7 cello=1.2 violoncello=1.2 double_bass=1.9 contrabass=1.9 \
 bass_fiddle=1.9 upright_bass=1.9
guitar: electric_guitar bass_guitar acoustic_guitar ukulele=0.6 mandolin=0.65 lute=0.8 \
 sitar=1.2 bouzouki balalaika=0.7
drum: snare_drum bass_drum kettledrum=0.9 timpani=0.9 bongos=0.4 tambourine=0.3 tom-tom \
 drum_kit=1.0 drumkit=1.0 tabla=0.3 djembe=0.6
long-drum: conga=0.8 congas=0.8 tom_tom=0.8
trumpet: cornet bugle trombone=0.9 tuba=0.9 french_horn=0.5 flugelhorn sousaphone=1.2 \
 euphonium=0.7
saxophone: sax alto_sax tenor_sax
flute: piccolo=0.32 fife pan_pipes=0.3 panpipes=0.3 tin_whistle=0.3 clarinet=0.65 oboe=0.65 \
 penny_whistle=0.3
control-knobs: mixing_desk=0.4 soundboard=0.4 control_panel=1.2 control_desk=1.0
jack-o-lantern: pumpkin=0.3 pumpkins=0.3
knot: rope=0.3 ropes=0.3 coil_of_rope=0.3 lasso=0.3
elevator: lift=2.2 lifts=2.2
accordion: concertina squeezebox squeeze_box melodeon
musical-keyboard: synthesizer synth electric_keyboard=1.0 pipe_organ=4.0 harpsichord=1.0 \
 spinet=1.0 upright_piano=1.3 electric_piano clavichord=0.9 keytar
maracas: castanets
postal-horn: hunting_horn post_horn
bell: handbell hand_bell cowbell sleigh_bells jingle_bells doorbell school_bell \
 church_bell=1.0 dinner_bell
microphone: microphone_stand=1.5 mic_stand=1.5
headphone: headphones headset earphones earbuds earmuffs earbud
musical-score: sheet_music music_stand=1.2 songbook hymnbook=0.2
"""),
    ("thing", """
chair: deckchair deck_chair recliner=1.0 rocking_chair=1.0 rocker highchair=1.0 high_chair=1.0 \
 stool=0.7 barstool=0.8 bar_stool=0.8 footstool=0.4 pouf=0.4 throne=1.6 office_chair=1.0 \
 swivel_chair=1.0 folding_chair dining_chair kitchen_chair garden_chair lawn_chair camp_chair \
 sun_lounger=0.5 lounger=0.5 chaise=0.8 pew=1.0 church_pew=1.0 bleachers=1.5 bucket_seat
couch-and-lamp: loveseat love_seat divan chaise_longue daybed futon chesterfield sofa_bed \
 sofabed davenport banquette
bed: bunk bunk_bed=1.6 bunks=1.6 cot crib=1.0 cradle=0.8 bassinet=0.8 four-poster=2.2 \
 four_poster=2.2 mattress=0.3 gurney=0.9 hospital_bed=1.0 berth bedroll=0.3 camp_bed=0.5 \
 waterbed
file-cabinet: filing_cabinet=1.3 drawers chest_of_drawers=1.1 dresser=1.1 sideboard=0.9 \
 cupboard=1.6 cabinet=1.2 locker=1.8 lockers=1.8 cubby
mirror: looking_glass hand_mirror vanity_mirror dressing_table=1.4 cheval_glass=1.6
framed-picture: photograph photo snapshot canvas artwork masterpiece landscape_painting \
 still_life watercolour watercolor oil_painting fresco=1.5 tapestry=1.5 mural=2.0 wall_hanging \
 picture_frame photo_frame
door: doorway front_door back_door trapdoor=0.1 hatchway gate=1.6 garden_gate=1.2 \
 revolving_door=2.2
window: windowpane pane porthole=0.5 skylight=0.8 casement dormer stained_glass=1.5
wastebasket: waste_basket wastepaper_basket litter_bin=0.9 litter_basket=0.9 recycling_bin=0.9 \
 bin=0.8 dustbin=0.9 trash_can=0.9 garbage_can=0.9 rubbish_bin=0.9 wheelie_bin=1.1
light-bulb: bulb lightbulb bare_bulb fluorescent_tube neon_tube
diya-lamp: oil_lamp=0.2 tealight=0.05 night_light nightlight
red-paper-lantern: chinese_lantern paper_lamp lampion
candle: candles candlestick=0.35 candlesticks=0.35 candelabra=0.5 candelabrum=0.5 \
 votive_candle wax_candle
mantelpiece-clock: cuckoo_clock=0.5 wall_clock=0.4 clock_face longcase_clock=2.0 \
 carriage_clock=0.2 chronometer
alarm-clock: alarm bedside_clock travel_clock
bathtub: hot_tub=0.9 jacuzzi=0.9 washtub=0.5
shower: showerhead shower_stall=2.0 shower_cubicle=2.0
toilet: loo lavatory water_closet urinal=0.7 potty=0.3 chamber_pot=0.3
basket: picnic_basket wicker_basket laundry_basket=0.6 creel pannier trug fruit_basket \
 bread_basket shopping_basket punnet=0.1
package: carton cardboard_box packing_case tea_chest=0.6 box_file boxes=0.6 parcel_post \
 shoebox=0.12 hatbox=0.3 jewellery_box=0.1 jewelry_box=0.1 \
 music_box=0.12 pandora_box coffer=0.4 tea_caddy=0.15 footlocker=0.5 cash_box=0.15 \
 moneybox=0.15 toy_box=0.5
roll-of-paper: toilet_roll toilet_paper paper_towel kitchen_roll paper_roll tissue_roll
sponge: loofah scouring_pad washcloth
soap: soap_dish washing_powder detergent shampoo
lotion-bottle: lotion sunscreen suncream hand_cream moisturiser moisturizer perfume=0.1 \
 cologne=0.1 scent_bottle=0.1 spray_bottle=0.25 aerosol=0.2 deodorant=0.15 hairspray=0.2 \
 medicine_bottle=0.12 pill_bottle=0.1 ink_bottle=0.08
razor: shaver straight_razor razor_blade safety_razor
toothbrush: toothpaste=0.15 nailbrush
hair-pick: afro_comb hair_comb comb=0.15
mouse-trap: mousetrap rat_trap snare
bubbles: soap_bubbles bubble_bath
fire-extinguisher: extinguisher
umbrella: parasol=2.2 sunshade=2.2 beach_umbrella=2.2 brolly=0.9 patio_umbrella=2.2
closed-umbrella: walking_umbrella rolled_umbrella furled_umbrella
"""),
    ("thing", """
cooking: wok=0.15 griddle=0.05 crepe_pan=0.05 omelette_pan=0.05 saute_pan=0.1 paella_pan=0.1
pot-of-food: stockpot=0.35 stewpot=0.3 casserole=0.2 dutch_oven=0.25 crockpot=0.3 \
 slow_cooker=0.3 tagine=0.3 stew=0.2 chowder=0.15 gumbo=0.15 broth=0.15 porridge=0.12 \
 goulash=0.15 pressure_cooker=0.3 cooking_pot=0.3 hotpot=0.2 cookpot=0.3
shallow-pan-of-food: paella roasting_tin roasting_pan baking_tray baking_sheet lasagne lasagna \
 gratin casserole_dish pie_dish
teapot: tea_kettle coffee_pot=0.25 coffeepot=0.25 percolator=0.3 samovar=0.5 cafetiere=0.25 \
 french_press=0.25 moka_pot=0.2 whistling_kettle
hot-beverage: coffee_cup teacup=0.08 tea_cup=0.08 espresso=0.06 cappuccino=0.1 latte=0.12 \
 cocoa hot_chocolate mocha
teacup-without-handle: green_tea matcha sake_cup tea_bowl
wine-glass: goblet chalice=0.25 champagne_glass=0.2 flute_glass=0.2 wineglass glass_of_wine \
 red_wine white_wine champagne_flute=0.2 sherry_glass
tumbler-glass: glass_of_water whisky whiskey bourbon scotch brandy rum vodka gin \
 shot_glass=0.06 drinking_glass highball lemonade_glass water_glass
cocktail-glass: cocktail martini
tropical-drink: smoothie milkshake=0.2 fruit_punch mocktail
beer-mug: tankard=0.2 pint=0.15 ale lager cider pint_glass beer_glass stein=0.2
bottle-with-popping-cork: champagne=0.3 champagne_bottle=0.3 wine_bottle=0.3 \
 bottle_of_wine=0.3 prosecco=0.3 sparkling_wine=0.3 flagon=0.35 decanter=0.3 carafe=0.25 \
 demijohn=0.5
glass-of-milk: buttermilk milk
baby-bottle: feeding_bottle
cup-with-straw: soda=0.15 soft_drink=0.15 cola=0.15 fizzy_drink=0.15 slushie=0.15 juice=0.15 \
 orange_juice=0.15
beverage-box: juice_box juice_carton milk_carton=0.2 carton_of_milk=0.2
canned-food: can_of_beans tin_can tinned_food tin_of_soup canned_soup soup_can tins
jar: jam_jar=0.12 jar_of_jam=0.12 mason_jar=0.15 pickle_jar=0.2 cookie_jar=0.25 storage_jar \
 glass_jar jam marmalade=0.12 pickles=0.2 canister=0.2
amphora: ewer=0.3 water_jug=0.3 milk_jug=0.2 flower_vase=0.3 wine_jar=0.6 \
 ginger_jar=0.3
fork-and-knife: cutlery silverware knife_and_fork fork=0.2 forks=0.2 utensils=0.2 flatware
kitchen-knife: carving_knife=0.3 bread_knife=0.3 chef_knife=0.3 chefs_knife=0.3 penknife=0.1 \
 pocketknife=0.1 pocket_knife=0.1 jackknife=0.15 switchblade=0.15 scalpel=0.15 \
 butter_knife=0.2 steak_knife=0.22 blade=0.2
spoon: ladle=0.3 teaspoon=0.13 tablespoon=0.18 soup_spoon=0.18 wooden_spoon=0.3 \
 dessert_spoon=0.16 serving_spoon=0.3 slotted_spoon=0.3
chopsticks: skewer=0.25 skewers=0.25 kebab_stick toothpick=0.06 chopstick
bowl-with-spoon: cereal cereal_bowl=0.1 muesli granola oatmeal salad_bowl=0.12 fruit_bowl=0.12 \
 soup_bowl=0.1 pudding_bowl=0.1 congee=0.1
fork-and-knife-with-plate: dinner_plate=0.03 platter=0.04 saucer=0.02 dinner_service \
 place_setting tableware crockery china_plate feast banquet plateful plates=0.05 dishes=0.05 \
 side_plate=0.02
takeout-box: takeaway take-out doggy_bag noodle_box chinese_takeaway
bento-box: packed_lunch bento lunchbox=0.15 lunch_box=0.15 lunchboxes=0.15
salt: saltcellar=0.08 salt_cellar=0.08 pepper_pot=0.1 pepper_mill=0.2 pepper_grinder=0.2 \
 peppermill=0.2 cruet=0.12 spice_jar=0.1 condiments=0.12
butter: butter_dish margarine lard ghee
honey-pot: honeypot jar_of_honey treacle syrup molasses golden_syrup
"""),
)
