"""Food and drink of ``nouns``' table (see ``nouns`` for the row format)."""

from __future__ import annotations

SECTIONS: tuple[tuple[str, str], ...] = (
    ("food", """
bread: loaf_of_bread bun buns roll bread_roll brioche sourdough toast=0.02 crumpet=0.03 \
 muffin=0.07 scone=0.06 teacake rye_bread wholemeal soda_bread ciabatta focaccia cornbread \
 crust bap cob_loaf
baguette-bread: baguette french_stick french_bread breadstick=0.25 breadsticks=0.25 \
 french_loaf
croissant: pastry pastries pain_au_chocolat strudel crescent_roll
flatbread: naan pitta pita chapati roti tortilla wrap lavash paratha arepa gordita
stuffed-flatbread: gyro kebab doner shawarma souvlaki
bagel: bagels pretzel_ring
pretzel: pretzels
doughnut: donut donuts doughnuts beignet cruller churro=0.2 churros=0.2
cookie: biscuit biscuits cookies cracker crackers shortbread gingerbread macaroon=0.03 \
 macaron=0.03 wafer digestive oatcake flapjack brownie=0.03 brownies=0.03
birthday-cake: gateau=0.15 wedding_cake=0.5 layer_cake=0.15 sponge_cake=0.12 cheesecake=0.08 \
 fruitcake=0.1 fruit_cake=0.1 black_forest chocolate_cake=0.15 carrot_cake=0.12 \
 christmas_cake=0.12 torte=0.1
shortcake: slice_of_cake cake_slice tart=0.05 tiramisu=0.06 eclair=0.04 eclairs=0.04 \
 cream_cake victoria_sponge bakewell
cupcake: cupcakes fairy_cake fairy_cakes muffins=0.07 cake_pop cakes little_cakes
pie: pies pork_pie=0.06 apple_pie pumpkin_pie pasties=0.05 quiche=0.05 flan=0.05 pot_pie \
 mince_pie=0.04 tartlet=0.03
custard: pudding=0.08 creme_brulee=0.05 blancmange=0.1 jelly=0.1 jello=0.1 mousse=0.08 \
 panna_cotta=0.08
ice-cream: sundae=0.18 gelato=0.12 sorbet=0.1 knickerbocker_glory=0.25 frozen_yoghurt=0.12
soft-ice-cream: ice_cream_cone=0.18 ice_cream_cornet=0.18
shaved-ice: snow_cone=0.15 slush=0.15 granita=0.1 ice_lolly=0.15 popsicle=0.15
candy: sweet toffee=0.02 toffees=0.02 fudge=0.03 caramel=0.02 caramels=0.02 bonbon=0.02 \
 bonbons=0.02 humbug gumdrop=0.02 gumdrops=0.02 jellybean=0.02 jellybeans=0.02 \
 marshmallow=0.03 marshmallows=0.03 licorice liquorice mint=0.02 mints=0.02 gobstopper \
 confectionery
lollipop: lollipops rock_candy=0.2 stick_of_rock=0.2 toffee_apple=0.15 candy_apple=0.15
chocolate-bar: bar_of_chocolate candy_bar=0.15 nougat praline truffles box_of_chocolates=0.04
popcorn: popcorn_bucket tub_of_popcorn kettle_corn
cheese-wedge: cheddar brie camembert stilton gouda parmesan mozzarella feta wedge_of_cheese \
 cheeseboard=0.05 edam
egg: eggs boiled_egg=0.06 egg_cup=0.07 eggcup=0.07 hard-boiled_egg poached_egg easter_egg=0.1 \
 duck_egg goose_egg=0.08 ostrich_egg=0.15 eggshell
cut-of-meat: steak beef pork lamb_chop chop roast=0.12 joint_of_beef ham=0.15 gammon=0.15 \
 mutton venison brisket sirloin t-bone veal meat raw_meat rack_of_lamb=0.1 lambchop porkchop \
 pork_chop
meat-on-bone: mutton_chop leg_of_lamb=0.3 ham_hock haunch=0.3 spare_ribs=0.05 ham_bone
poultry-leg: chicken_leg fried_chicken chicken_wing chicken_wings turkey_leg=0.25 \
 roast_chicken=0.15 roast_turkey=0.25 roast_duck=0.15
bacon: rashers rasher streaky_bacon pancetta prosciutto salami=0.2 pepperoni chorizo=0.2 jerky
hot-dog: frankfurter wiener bratwurst=0.2 chipolata corn_dog=0.2 sausages=0.15 \
 sausage_roll=0.12 banger bangers saveloy
hamburger: cheeseburger=0.1 beefburger=0.1 veggie_burger=0.1 patty hamburgers burgers=0.1 \
 whopper
sandwich: sandwiches sarnie butty submarine_sandwich=0.1 hoagie=0.1 panini=0.05 toastie=0.05 \
 club_sandwich=0.12 blt=0.1
pizza: pizzas calzone=0.06 pizza_slice=0.02
spaghetti: pasta=0.08 macaroni=0.08 linguine=0.08 tagliatelle=0.08 fettuccine=0.08 penne=0.08 \
 ravioli=0.05 tortellini=0.05 bolognese=0.08 carbonara=0.08 mac_and_cheese=0.08 noodle \
 noodle_soup=0.1
steaming-bowl: bowl_of_soup laksa miso_soup=0.1 consomme=0.1 bisque=0.1 minestrone=0.1 \
 gazpacho=0.1
curry-rice: curry=0.08 korma=0.08 vindaloo=0.08 tikka_masala=0.08 dal=0.08 dhal=0.08 \
 biryani=0.08 pilaf=0.08 pilau=0.08 jambalaya=0.08 kedgeree=0.08
cooked-rice: rice=0.08 bowl_of_rice=0.08 fried_rice=0.08 risotto=0.08 sticky_rice=0.08
rice-ball: onigiri=0.06 rice_cake=0.05 mochi=0.04
sushi: sashimi maki nigiri california_roll=0.04 sushi_roll=0.04
dumpling: dumplings gyoza=0.03 wonton=0.03 wontons=0.03 dim_sum=0.04 potsticker=0.03 \
 pierogi=0.03 momo=0.03 empanada=0.05 samosa=0.05 samosas=0.05 spring_roll=0.03 \
 spring_rolls=0.03 jiaozi=0.03
green-salad: salad=0.1 lettuce=0.15 coleslaw=0.08 caesar_salad=0.1 side_salad=0.08 spinach=0.1 \
 rocket_salad=0.1 watercress=0.08 cabbage=0.2
leafy-green: kale=0.2 chard=0.3 bok_choy=0.25 pak_choi=0.25 collards=0.3 spring_greens=0.25
broccoli: cauliflower=0.15 sprouts=0.04 brussels_sprouts=0.04 romanesco=0.15 calabrese=0.15
carrot: carrots parsnip=0.25 parsnips=0.25 turnip=0.1 turnips=0.1 swede=0.15 radish=0.04 \
 radishes=0.04 beetroot=0.08 beet=0.08 horseradish=0.25 daikon=0.35
potato: potatoes spud spuds yam=0.2 jacket_potato=0.1 baked_potato=0.1 mashed_potato=0.08
roasted-sweet-potato: sweet_potato=0.15 sweet_potatoes=0.15
french-fries: frites=0.12 hash_browns=0.1 crisps=0.15 potato_chips=0.15 bag_of_crisps=0.2
onion: onions shallot=0.04 shallots=0.04 leek=0.35 leeks=0.35 spring_onion=0.25 scallion=0.25
garlic: garlic_bulb garlic_clove
ginger-root: root_ginger turmeric ginseng
tomato: tomatoes cherry_tomato cherry_tomatoes beef_tomato
bell-pepper: peppers=0.1 capsicum=0.1 red_pepper=0.1 green_pepper=0.1 sweet_pepper=0.1 \
 paprika=0.1
hot-pepper: chilli_pepper=0.08 chili_pepper=0.08 jalapeno=0.07 chillies=0.08 chilies=0.08 \
 cayenne=0.08 habanero=0.05
cucumber: cucumbers gherkin=0.07 gherkins=0.07 courgette=0.2 zucchini=0.2 marrow=0.35 \
 pickle=0.08
eggplant: aubergines eggplants
ear-of-corn: corn maize sweetcorn=0.2 corn_on_the_cob=0.2 cob=0.2 corncob=0.2
pea-pod: peas=0.08 pea=0.08 green_beans=0.12 runner_beans=0.2 broad_beans=0.1 mangetout=0.08 \
 edamame=0.06 sugar_snap=0.08
beans: baked_beans=0.08 kidney_beans=0.06 lentils=0.06 chickpeas=0.06 legumes=0.06 pulses=0.06 \
 soybeans=0.06 coffee_beans=0.06
peanuts: peanut walnut=0.04 walnuts=0.04 almond=0.03 almonds=0.03 hazelnut=0.02 hazelnuts=0.02 \
 cashew=0.02 cashews=0.02 pistachio=0.02 pistachios=0.02 pecan=0.03 pecans=0.03 \
 monkey_nuts=0.04
chestnut: chestnuts conker=0.04 conkers=0.04 brazil_nut=0.04 macadamia=0.03 acorn=0.03 \
 acorns=0.03
avocado: avocados guacamole=0.06 avo
red-apple: apples=0.08 crab_apple=0.04 crabapple=0.04 pomegranate=0.09 quince=0.1 \
 cranberries=0.02 cranberry=0.02 russet
green-apple: granny_smith bramley cooking_apple
pear: pears
banana: bananas plantain=0.25 plantains=0.25 bunch_of_bananas=0.25
grapes: grape bunch_of_grapes=0.15 raisin=0.01 sultanas=0.04 currants=0.04 redcurrants=0.04 \
 gooseberry=0.02
cherries: morello
strawberry: strawberries raspberry=0.03 raspberries=0.03 blackberry=0.03 blackberries=0.03 \
 mulberry=0.03 mulberries=0.03 loganberry=0.03 boysenberry=0.03
blueberries: blueberry bilberry=0.02 bilberries=0.02 elderberries=0.02 sloe=0.02 sloes=0.02 \
 blackcurrants=0.02 acai=0.02 berries=0.03
tangerine: tangerines mandarin=0.06 mandarins=0.06 clementine=0.06 clementines=0.06 \
 satsuma=0.06 satsumas=0.06 kumquat=0.03 grapefruit=0.12
lemon: lemon_slice citron=0.12 yuzu=0.06
peach: apricot=0.05 apricots=0.05 nectarine=0.07 nectarines=0.07 persimmon=0.07
pancakes: hotcake=0.08 hotcakes=0.08 crepe=0.02 crepes=0.02
fried-shrimp: tempura=0.05 scampi_fries=0.05
bubble-tea: boba=0.2 boba_tea=0.2
mango: mangoes mangos papaya=0.2 papayas=0.2 passion_fruit=0.06 guava=0.08
pineapple: pineapples jackfruit=0.5 durian=0.3 breadfruit=0.2
melon: melons cantaloupe honeydew=0.18 honeydew_melon=0.18
watermelon: watermelons
coconut: coconuts
kiwi-fruit: kiwis=0.06 starfruit=0.1 dragon_fruit=0.12
"""),
)
