"""Animals by species and of ``nouns``' table (see ``nouns`` for the row format).

An animal the set does not draw is drawn as the nearest one it does, at its own height: a
heron is a bird 1 m tall, a badger's cousin the wolverine a badger, a weasel an otter."""

from __future__ import annotations

SECTIONS: tuple[tuple[str, str], ...] = (
    ("animal", """
dog: labrador=0.6 retriever=0.6 golden_retriever=0.6 alsatian=0.65 collie=0.55 \
 border_collie=0.55 spaniel=0.45 cocker_spaniel=0.4 terrier=0.35 jack_russell=0.3 bulldog=0.4 \
 pug=0.3 beagle=0.38 dachshund=0.25 sausage_dog=0.25 greyhound=0.72 whippet=0.5 lurcher=0.65 \
 rottweiler=0.65 doberman_dog=0.7 boxer_dog=0.6 dalmatian=0.6 malamute=0.62 great_dane=0.8 \
 mastiff=0.75 wolfhound=0.85 bloodhound=0.65 foxhound=0.6 basset=0.35 basset_hound=0.35 \
 corgi=0.28 chihuahua=0.2 pekingese=0.22 shih_tzu=0.25 yorkie=0.2 schnauzer=0.45 spitz=0.4 \
 akita=0.65 pitbull=0.5 pit_bull=0.5 mutt=0.5 mongrel=0.5 cur=0.5 pooch=0.5 doggy=0.4 \
 doggie=0.4 pup=0.3 puppies=0.3 hounds=0.6 dogs=0.55 lapdog=0.25 guard_dog=0.65 sheep_dog=0.55 \
 sniffer_dog=0.55 police_dog=0.65 dingo=0.58 jackal=0.45 coyote=0.6 hyena=0.8 wild_dog=0.6 \
 fennec=0.2 sled_dog=0.58
cat: kitty=0.25 kitties=0.25 moggy=0.25 tomcat=0.28 tabby=0.25 siamese=0.25 persian_cat=0.25 \
 pussycat=0.25 cats=0.25 kittens=0.2 alley_cat=0.25 housecat=0.25 lynx=0.6 bobcat=0.55 \
 ocelot=0.45 serval=0.55 caracal=0.45 puma=0.7 cougar=0.7 mountain_lion=0.7
black-cat: panther=0.75 black_panther=0.75
tiger: tigers=1.0 sabre-tooth=1.1 sabretooth=1.1 smilodon=1.1
leopard: cheetah=0.8 jaguar=0.7 snow_leopard=0.6 leopards=0.7 cheetahs=0.8
lion: lioness=1.0 lions=1.1 lion_cub=0.4
mouse: mice=0.08 fieldmouse=0.08 field_mouse=0.08 dormouse=0.08 shrew=0.05 vole=0.07 \
 gerbil=0.08 jerboa=0.08 lemming=0.08 harvest_mouse=0.06 dormice=0.08
rat: rats=0.12 sewer_rat=0.12 mole_rat=0.1 gopher=0.15 muskrat=0.25
hamster: hamsters=0.1 guinea_pig=0.12 cavy=0.12 chinchilla=0.15 degu=0.1
rabbit: rabbits=0.25 bunnies=0.25 hares=0.3 jackrabbit=0.35 cottontail=0.25 leveret=0.2 \
 pika=0.12
chipmunk: squirrels=0.25 red_squirrel=0.22 grey_squirrel=0.25 ground_squirrel=0.2 \
 prairie_dog=0.3 marmot=0.35 groundhog=0.35 woodchuck=0.35 flying_squirrel=0.2
hedgehog: hedgehogs=0.12 echidna=0.3 tenrec=0.1
badger: badgers=0.3 wolverine=0.4 honey_badger=0.28 polecat=0.2 ferret=0.2 stoat=0.15 \
 weasel=0.15 mink=0.18 marten=0.2 pine_marten=0.2 ermine=0.15 mongoose=0.2 meerkat=0.3 \
 tasmanian_devil=0.3 wombat=0.4 opossum=0.3 possum=0.3 civet=0.3
otter: otters=0.3 sea_otter=0.3 river_otter=0.3
beaver: beavers=0.35 coypu=0.3 capybara=0.55 nutria=0.3
raccoon: raccoons=0.3 racoon=0.3 coati=0.3 red_panda=0.3 ringtail=0.25
skunk: skunks=0.25
fox: foxes=0.4 vixen=0.4 red_fox=0.4 arctic_fox=0.35 fox_cub=0.25
wolf: wolves=0.8 grey_wolf=0.8 timber_wolf=0.8 werewolf=1.9 wolf_pack=0.8
bear: bears=1.2 brown_bear=1.3 black_bear=1.0 grizzly_bear=1.4 kodiak=1.5 sloth_bear=0.9 \
 sun_bear=0.7 spectacled_bear=0.8 bear_cub=0.5
polar-bear: ice_bear=1.5 white_bear=1.5 polar_bears=1.5
panda: giant_panda=0.9 pandas=0.9
koala: koalas=0.7 koala_bear=0.7
kangaroo: wallaby=0.8 wallabies=0.8 kangaroos=1.5 joey=0.3 roo=1.5 quokka=0.4
monkey: monkeys=0.5 baboon=0.8 macaque=0.55 mandrill=0.8 capuchin=0.4 marmoset=0.2 tamarin=0.2 \
 gibbon=0.6 howler_monkey=0.6 spider_monkey=0.55 chimps=1.0 bonobo=1.0 primate=0.6 \
 tarsier=0.12 loris=0.25 colobus=0.6 proboscis_monkey=0.7
gorilla: gorillas=1.6 silverback=1.7 apes=1.5 bigfoot=2.4 sasquatch=2.4
orangutan: orangutans=1.3 orang-utan=1.3 orangutang=1.3
elephant: elephants=3.0 bull_elephant=3.3 tusker=3.2 pachyderm=3.0
mammoth: mammoths=3.4 mastodon=3.0 woolly_mammoth=3.4
giraffe: giraffes=5.0 okapi=1.6
zebra: zebras=1.4 quagga=1.3
horse: horses=1.6 steed=1.6 filly=1.4 mustang=1.5 bronco=1.5 thoroughbred=1.65 shire_horse=1.8 \
 carthorse=1.75 cart_horse=1.75 packhorse=1.5 warhorse=1.7 racehorse=1.65 gelding=1.6 \
 palomino=1.55 appaloosa=1.55 shetland_pony=1.0 ponies=1.3 pegasus=1.7 centaur=2.0 \
 wild_horse=1.4 brumby=1.4
donkey: donkeys=1.2 burro=1.1 mules=1.5 hinny=1.3 onager=1.3
llama: llamas=1.7 alpacas=1.0 guanaco=1.1 vicuna=0.9
camel: camels=2.0 dromedary=2.0 bactrian=2.1
two-hump-camel: two-humped_camel=2.1
deer: deers=1.2 reindeers=1.2 roe_deer=0.75 fallow_deer=0.9 red_deer=1.2 caribou=1.2 \
 antelope=1.0 gazelle=0.8 impala=0.9 springbok=0.8 wildebeest=1.3 gnu=1.3 kudu=1.4 eland=1.6 \
 oryx=1.2 hart=1.2 fawn=0.6 muntjac=0.5 chamois=0.75 ibex=0.9 pronghorn=0.9 stags=1.2 \
 roebuck=0.75
moose: elks=1.9 wapiti=1.5
ox: oxen=1.5 bullock=1.4 heifer=1.3 bulls=1.5 aurochs=1.7 musk_ox=1.4 zebu=1.3 longhorn=1.5 \
 highland_cow=1.2
cow: cows=1.4 cattle=1.4 dairy_cow=1.4 milk_cow=1.4 heifers=1.3 calves=0.9 kine=1.4 bovine=1.4 \
 jersey_cow=1.3 friesian=1.4
water-buffalo: water_buffaloes=1.5 carabao=1.5
bison: bisons=1.8 wisent=1.8 american_buffalo=1.8 gaur=1.9
ewe: sheeps=0.8 flock_of_sheep=0.8 tup=0.8
ewe: lambs=0.45 ewes=0.7 lambkin=0.4
ram: rams=0.85 bighorn=1.0 mouflon=0.8 argali=1.1
goat: goats=0.7 billy_goat=0.75 nanny_goat=0.7 kid_goat=0.4 mountain_goat=1.0
pig: pigs=0.8 hog=0.8 hogs=0.8 swine=0.8 piglet=0.3 piglets=0.3 porker=0.8 piggy=0.5 \
 warthog=0.7 peccary=0.5
boar: boars=0.9 wild_boar=0.9 wild_pig=0.8 razorback=0.8
hippopotamus: hippos=1.5 hippopotami=1.5 pygmy_hippo=0.8
rhinoceros: rhino=1.7 rhinos=1.7 rhinoceroses=1.7
sloth: sloths=0.6
"""),
    ("animal", """
bird: heron=1.0 robin=0.14 sparrow=0.15 seagull=0.5 gull=0.5 birds=0.25 songbirds=0.15 \
 wren=0.1 finch=0.12 goldfinch=0.12 chaffinch=0.14 bullfinch=0.15 greenfinch=0.15 canary=0.12 \
 budgie=0.18 budgerigar=0.18 lovebird=0.15 cockatiel=0.3 starling=0.2 house_martin=0.14 \
 lark=0.17 skylark=0.17 nightingale=0.16 thrush=0.22 song_thrush=0.22 mistle_thrush=0.27 \
 blue_tit=0.12 great_tit=0.14 chickadee=0.12 warbler=0.12 linnet=0.13 siskin=0.12 pipit=0.15 \
 wagtail=0.18 dunnock=0.14 redstart=0.14 stonechat=0.13 nuthatch=0.14 treecreeper=0.12 \
 kingfisher=0.17 hummingbird=0.08 woodpecker=0.25 cuckoo=0.33 hoopoe=0.27 magpie=0.45 \
 jackdaw=0.34 ravens=0.6 chough=0.38 oriole=0.24 bluebird=0.18 mockingbird=0.25 tanager=0.18 \
 sunbird=0.12 bee-eater=0.28 seagulls=0.5 gulls=0.5 herring_gull=0.6 kittiwake=0.4 tern=0.35 \
 albatross=1.0 petrel=0.4 shearwater=0.45 gannet=0.9 cormorant=0.85 puffin=0.3 guillemot=0.4 \
 razorbill=0.4 auk=0.4 frigatebird=1.0 pelican=1.3 stork=1.1 crane_bird=1.2 herons=1.0 \
 egret=0.9 bittern=0.75 ibis=0.65 spoonbill=0.8 curlew=0.55 sandpiper=0.2 woodcock=0.35 \
 plover=0.25 lapwing=0.3 oystercatcher=0.42 avocet=0.44 moorhen=0.33 coot=0.38 ptarmigan=0.35 \
 partridge=0.3 pheasant=0.6 capercaillie=0.9 guinea_fowl=0.5 guineafowl=0.5 emu=1.7 \
 ostrich=2.4 rhea=1.5 cassowary=1.7 vulture=0.8 condor=1.2 buzzard=0.55 harrier=0.5 \
 kestrel=0.35 sparrowhawk=0.35 osprey=0.6 roadrunner=0.55 toucan=0.55 hornbill=1.0 \
 kookaburra=0.45 lyrebird=0.9 birdie=0.15 fledgling=0.12 nestling=0.1 bird_of_prey=0.6 \
 waterbird=0.5 wader=0.4 seabird=0.5 sea_bird=0.5
blackbird: crow=0.45 raven=0.6 carrion_crow=0.47 hooded_crow=0.47 grackle=0.3 myna=0.25 \
 mynah=0.25 blackbirds=0.25 starlings=0.2 cowbird=0.2 jackdaws=0.34 corvid=0.45
dove: pigeon=0.32 doves=0.3 pigeons=0.32 wood_pigeon=0.4 turtle_dove=0.28 collared_dove=0.3 \
 homing_pigeon=0.32 carrier_pigeon=0.32 racing_pigeon=0.32 rock_dove=0.32 ringdove=0.35
eagle: hawk=0.55 falcon=0.45 eagles=0.9 golden_eagle=0.9 bald_eagle=0.9 sea_eagle=0.9 \
 hawks=0.55 falcons=0.45 peregrine=0.45 peregrine_falcon=0.45 goshawk=0.6 red_kite=0.6 \
 harpy_eagle=1.0 griffin=2.0 gryphon=2.0 thunderbird=2.0 raptor=0.6 lanner=0.45 saker=0.5 \
 gyrfalcon=0.6
owl: owls=0.4 barn_owl=0.35 tawny_owl=0.4 snowy_owl=0.6 eagle_owl=0.7 horned_owl=0.55 \
 screech_owl=0.2 little_owl=0.22 owlet=0.15
parrot: parrots=0.4 macaw=0.85 cockatoo=0.45 parakeet=0.3 lory=0.3 lorikeet=0.3 \
 african_grey=0.33 conure=0.3 kakapo=0.6 kea=0.48
peacock: peahen=0.9 peafowl=1.0 peacocks=1.0 bird_of_paradise=0.5
flamingo: flamingos=1.2 flamingoes=1.2
penguin: penguins=0.6 emperor_penguin=1.1 king_penguin=0.95 gentoo=0.75 adelie=0.7
duck: ducks=0.35 ducklings=0.15 mallard=0.4 drake=0.4 wigeon=0.45 pintail=0.55 eider=0.6 \
 shelduck=0.6 merganser=0.6 goosander=0.6 pochard=0.45 tufted_duck=0.4 wood_duck=0.45 \
 mandarin_duck=0.45 muscovy=0.7 rubber_duck=0.1 rubber_duckie=0.1
goose: gander=0.8 gosling=0.3 goslings=0.3 brent_goose=0.6 barnacle_goose=0.65 \
 canada_goose=0.9 greylag=0.8 snow_goose=0.7
swan: swans=1.3 cygnet=0.5 cygnets=0.5 mute_swan=1.3 black_swan=1.2 whooper=1.4
turkey: turkeys=1.0 gobbler=1.0 tom_turkey=1.0 wild_turkey=1.0
chicken: chickens=0.4 hens=0.4 pullet=0.35 bantam=0.3 broody_hen=0.4 poultry=0.4 fowl=0.4 \
 capon=0.45 chook=0.4 chooks=0.4 layer_hen=0.4 mother_hen=0.4
rooster: roosters=0.5 cockerel=0.5 gamecock=0.5 fighting_cock=0.5
baby-chick: chicks=0.08
dodo: dodos=0.7 moa=2.5 great_auk=0.8 elephant_bird=3.0
bat: bats=0.15 fruit_bat=0.3 flying_fox=0.35 vampire_bat=0.1 pipistrelle=0.08
phoenix-bird: firebird=1.0 roc=10.0
"""),
    ("animal", """
fish: fishes=0.3 herring=0.3 mackerel=0.35 sardine=0.2 sardines=0.2 anchovy=0.12 pilchard=0.2 \
 haddock=0.5 hake=0.6 pollock=0.6 plaice=0.4 flounder=0.4 halibut=1.2 turbot=0.6 bream=0.4 \
 sea_bass=0.5 zander=0.6 roach=0.25 rudd=0.25 tench=0.4 chub=0.4 dace=0.2 barbel=0.6 \
 minnow=0.06 stickleback=0.06 eel=0.8 eels=0.8 moray=1.2 catfish=0.8 sturgeon=2.0 grayling=0.4 \
 smelt=0.15 whitebait=0.06 piranha=0.3 barracuda=1.2 grouper=1.0 snapper=0.6 mahi-mahi=1.0 \
 sailfish=2.5 tarpon=1.5 bonito=0.6 skipjack=0.6 kipper=0.3 sprat=0.12 shoal=0.3 \
 school_of_fish=0.3 coelacanth=1.5 lungfish=1.0 mudskipper=0.15 manta=4.0 manta_ray=4.0 \
 skate_fish=1.0 sawfish=3.0 monkfish=0.8 anglerfish=0.6 dogfish=0.8 lamprey=0.6 gudgeon=0.12
tropical-fish: clownfish=0.1 angelfish=0.2 guppy=0.04 guppies=0.04 goldfishes=0.1 koi=0.5 \
 koi_carp=0.5 tetra=0.04 neon_tetra=0.04 betta=0.06 siamese_fighting_fish=0.06 discus=0.15 \
 butterflyfish=0.15 parrotfish=0.4 wrasse=0.2 triggerfish=0.3 lionfish=0.3 goby=0.06 \
 damselfish=0.08 aquarium_fish=0.08 platy=0.05 swordtail=0.08 cichlid=0.12 gourami=0.1 \
 zebrafish=0.05
blowfish: pufferfish=0.2 puffer=0.2 puffer_fish=0.2 porcupinefish=0.3 fugu=0.3 globefish=0.2 \
 boxfish=0.2 sunfish=2.0 ocean_sunfish=2.0
shark: sharks=3.0 great_white=4.5 great_white_shark=4.5 hammerhead=3.5 tiger_shark=4.0 \
 whale_shark=10.0 basking_shark=8.0 mako=3.0 reef_shark=1.5 nurse_shark=2.5 megalodon=15.0 \
 blue_shark=3.0 thresher=4.0
dolphin: porpoise=1.6 porpoises=1.6 bottlenose=2.5 narwhal=4.5 beluga=4.0 orca=7.0 \
 killer_whale=7.0 orcas=7.0 river_dolphin=2.0
whale: whales=10.0 blue_whale=25.0 humpback=14.0 humpback_whale=14.0 sperm_whale=16.0 \
 right_whale=15.0 grey_whale=13.0 minke=8.0 minke_whale=8.0 fin_whale=20.0 bowhead=15.0 \
 leviathan=30.0 moby_dick=16.0 pilot_whale=6.0
seal: sea_lion=2.0 sealion=2.0 sea_lions=2.0 walrus=2.5 walruses=2.5 elephant_seal=3.0 \
 leopard_seal=2.5 harbour_seal=1.6 harp_seal=1.6 grey_seal=2.0 fur_seal=1.6 seal_pup=0.8 \
 dugong=2.5 manatee=3.0 sea_cow=3.0 selkie=1.7
octopus: octopuses=0.6 octopi=0.6 cuttlefish=0.4 nautilus=0.2
squid: squids=0.6 giant_squid=12.0 calamari=0.3 kraken=20.0
jellyfish: jellyfishes=0.3 jellies=0.3 sea_jelly=0.3
crab: crabs=0.15 hermit_crab=0.08 spider_crab=0.4 king_crab=0.3 fiddler_crab=0.05 \
 shore_crab=0.1 edible_crab=0.15
lobster: lobsters=0.4 crayfish=0.15 crawfish=0.15 langoustine=0.2 crawdad=0.15 scampi=0.15 \
 spiny_lobster=0.4 rock_lobster=0.4
shrimp: shrimps=0.06 shellfish=0.08 prawn=0.08 prawns=0.08 krill=0.03 king_prawn=0.12 \
 tiger_prawn=0.12
oyster: oysters=0.1 mussel=0.06 mussels=0.06 clam=0.08 clams=0.08 scallop=0.1 scallops=0.1 \
 cockle=0.04 cockles=0.04 whelk=0.06 winkle=0.03 abalone=0.15 limpet=0.04
spiral-shell: seashell=0.1 sea_shell=0.1 seashells=0.1 conch=0.25 conch_shell=0.25 \
 ammonite=0.15 periwinkle=0.03 cowrie=0.05 nautilus_shell=0.2 sea_snail=0.05
coral: coral_reef=1.0 corals=0.5 sea_fan=0.5 reef=1.0 polyp=0.05
crocodile: crocodiles=0.6 alligator=0.6 alligators=0.6 croc=0.6 gator=0.6 gharial=0.6 \
 komodo_dragon=0.6 monitor_lizard=0.5 crocs=0.6
lizard: lizards=0.12 gecko=0.08 iguana=0.3 chameleon=0.12 newt=0.06 salamander=0.1 axolotl=0.1 \
 skink=0.08 agama=0.12 slowworm=0.05 slow-worm=0.05 gila_monster=0.15 frilled_lizard=0.3 \
 bearded_dragon=0.15 tuatara=0.15 reptile=0.2
snake: snakes=0.3 serpent=0.3 serpents=0.3 viper=0.3 adder=0.25 python=0.4 cobra=0.5 \
 king_cobra=0.6 rattlesnake=0.35 rattler=0.35 boa=0.4 boa_constrictor=0.4 anaconda=0.5 \
 mamba=0.4 black_mamba=0.4 grass_snake=0.25 asp=0.3 sidewinder=0.25 copperhead=0.3 \
 cottonmouth=0.3 water_moccasin=0.3 garter_snake=0.2 sea_snake=0.2 constrictor=0.4
turtle: turtles=0.3 tortoises=0.35 terrapin=0.2 sea_turtle=0.5 leatherback=0.7 \
 giant_tortoise=0.8 box_turtle=0.15 snapping_turtle=0.3 loggerhead=0.5 green_turtle=0.5
frog: frogs=0.08 toads=0.1 bullfrog=0.15 tree_frog=0.05 tadpole=0.03 tadpoles=0.03 \
 froglet=0.04 cane_toad=0.15 natterjack=0.08 poison_dart_frog=0.04 frogspawn=0.05
t-rex: tyrannosaurus=4.5 tyrannosaur=4.5 dinosaurs=4.0 allosaurus=4.0 velociraptor=0.9 \
 spinosaurus=5.0 carnotaurus=3.5 dino=3.0 godzilla=50.0 dinosaur_skeleton=4.0
sauropod: brontosaurus=10.0 brachiosaurus=12.0 diplodocus=9.0 apatosaurus=9.0 plesiosaur=4.0 \
 loch_ness_monster=4.0 nessie=4.0 long-neck=10.0 titanosaur=12.0
dragon: dragons=5.0 wyvern=4.0 wyrm=5.0 hydra=5.0 chimera=3.0 manticore=2.0 sea_serpent=6.0 \
 lindworm=4.0 fire-breathing_dragon=5.0
unicorn: unicorns=1.7 alicorn=1.7
"""),
    ("animal", """
honeybee: bees=0.02 honey_bee=0.02 bumble_bee=0.025 bumblebees=0.025 wasp=0.02 wasps=0.02 \
 hornet=0.03 hornets=0.03 queen_bee=0.025 yellowjacket=0.02 swarm=0.5 swarm_of_bees=0.5
butterfly: butterflies=0.08 moth=0.05 moths=0.05 swallowtail=0.1 cabbage_white=0.05 \
 tortoiseshell=0.05 silkmoth=0.05 hawkmoth=0.08 dragonfly=0.1 dragonflies=0.1 damselfly=0.06 \
 mayfly=0.03
bug: bugs=0.02 caterpillar=0.05 caterpillars=0.05 maggot=0.01 maggots=0.01 larva=0.02 \
 larvae=0.02 aphid=0.005 greenfly=0.005 louse=0.005 lice=0.005 flea=0.005 fleas=0.005 \
 mite=0.005 weevil=0.01 earwig=0.02 centipede=0.05 millipede=0.05 woodlouse=0.015 \
 woodlice=0.015 silverfish=0.015 stick_insect=0.1 insect=0.02 insects=0.02 termite=0.01 \
 termites=0.01 mantis=0.08 praying_mantis=0.08 cicada=0.04 firefly=0.02 fireflies=0.02 \
 glow-worm=0.02 glowworm=0.02 creepy-crawly=0.02
beetle: beetles=0.03 stag_beetle=0.06 dung_beetle=0.03 scarab=0.03 click_beetle=0.02 \
 cockchafer=0.03 may_bug=0.03 june_bug=0.03 rhinoceros_beetle=0.08
lady-beetle: ladybirds=0.01 ladybugs=0.01 ladybeetle=0.01
cockroach: cockroaches=0.03 roaches=0.03
cricket: crickets=0.03 grasshopper=0.04 grasshoppers=0.04 locust=0.05 locusts=0.05 \
 katydid=0.05
ant: ants=0.01 fire_ant=0.01 army_ants=0.01 anthill=0.3 ant_hill=0.3 termite_mound=2.0 \
 soldier_ant=0.01 worker_ants=0.01
fly: housefly=0.01 bluebottle=0.012 horsefly=0.02 gnat=0.005 gnats=0.005 midge=0.005 \
 midges=0.005 fruit_fly=0.005 blowfly=0.012 tsetse=0.012 hoverfly=0.012
mosquito: mosquitoes=0.01 mosquitos=0.01 mozzie=0.01 skeeter=0.01
spider: spiders=0.03 tarantula=0.1 house_spider=0.03 wolf_spider=0.04 money_spider=0.005 \
 daddy_longlegs=0.05 arachnid=0.03 funnel-web=0.04 redback=0.02
scorpion: scorpions=0.08 emperor_scorpion=0.15 whip_scorpion=0.1
snail: snails=0.04 slug=0.06 slugs=0.06 garden_snail=0.04 giant_snail=0.15 escargot=0.04
worm: worms=0.01 earthworm=0.01 earthworms=0.01 lugworm=0.02 leech=0.03 leeches=0.03 \
 tapeworm=0.01 nematode=0.005 inchworm=0.01 woodworm=0.01 silkworm=0.03 bloodworm=0.01 \
 mealworm=0.01 wireworm=0.01 annelid=0.01
microbe: germ germs bacteria bacterium virus viruses bacillus amoeba plankton microorganism \
 microorganisms pathogen
"""),
    ("plant", """
deciduous-tree: trees=8.0 beech=15.0 birch=12.0 silver_birch=12.0 ash_tree=15.0 elm=15.0 \
 maple=12.0 sycamore=15.0 chestnut_tree=15.0 horse_chestnut=15.0 lime_tree=15.0 linden=15.0 \
 poplar=18.0 aspen=12.0 alder=10.0 hornbeam=12.0 walnut_tree=12.0 willow=10.0 \
 weeping_willow=10.0 plane_tree=18.0 magnolia=6.0 cherry_tree=6.0 apple_tree=5.0 pear_tree=6.0 \
 plum_tree=5.0 fruit_tree=5.0 orchard=5.0 olive_tree=6.0 fig_tree=5.0 baobab=15.0 acacia=8.0 \
 eucalyptus=20.0 gum_tree=15.0 banyan=15.0 mango_tree=10.0 hawthorn=5.0 holly_tree=6.0 \
 sapling=2.0 saplings=2.0 oak_tree=15.0 oaks=15.0 treetop=8.0 copse=8.0 thicket=3.0 grove=8.0 \
 hedge=1.5 hedges=1.5 hedgerow=1.5 bush=1.2 bushes=1.2 shrub=1.2 shrubs=1.2 undergrowth=1.0 \
 sycamores=15.0 beeches=15.0 birches=12.0 willows=10.0 bonsai=0.4 mangrove=6.0 jacaranda=10.0 \
 tamarind=12.0
evergreen-tree: conifer=15.0 conifers=15.0 spruce=20.0 cedar=20.0 cypress=15.0 yew=10.0 \
 yew_tree=10.0 larch=20.0 redwood=60.0 sequoia=70.0 juniper=4.0 pine_tree=15.0 pines=15.0 \
 fir_tree=15.0 firs=15.0 scots_pine=15.0 douglas_fir=30.0 monkey_puzzle=15.0 bay_tree=5.0 \
 box_hedge=1.0 topiary=1.5 pine_forest=15.0 evergreens=12.0
christmas-tree: xmas_tree=2.0 christmas_trees=2.0 yule_tree=2.0
palm-tree: palm_trees=8.0 coconut_palm=15.0 date_palm=12.0 palmetto=3.0 banana_tree=4.0 \
 banana_plant=4.0 yucca=2.0 cycad=2.0 fern_tree=4.0 tree_fern=4.0
cactus: cacti=1.6 cactuses=1.6 saguaro=10.0 prickly_pear=1.5 succulent=0.2 succulents=0.2 \
 aloe=0.5 aloe_vera=0.5 agave=1.2 barrel_cactus=0.6 euphorbia=1.0
potted-plant: houseplant=0.5 house_plant=0.5 pot_plant=0.5 plant_pot=0.3 flowerpot=0.3 \
 flower_pot=0.3 window_box=0.3 planter=0.5 rubber_plant=1.2 spider_plant=0.4 fern=0.6 \
 ferns=0.6 bracken=0.8 aspidistra=0.6 ficus=1.2 geranium=0.4 geraniums=0.4 begonia=0.3 \
 begonias=0.3 orchid=0.4 orchids=0.4 poinsettia=0.4 vine=1.0 vines=1.0 climbing_plant=1.5 \
 shrubbery=1.2 fuchsia=0.6 hydrangea=1.0 azalea=1.0 rhododendron=2.0 pot_of_herbs=0.3 \
 seedlings=0.1
seedling: sprout=0.05 seed=0.01 seeds=0.01 germinating_seed=0.03
herb: herbs=0.2 parsley=0.15 thyme=0.15 oregano=0.2 coriander=0.2 cilantro=0.2 dill=0.4 \
 chives=0.2 lavender=0.5 tarragon=0.3 catnip=0.3 nettle=0.6 nettles=0.6 weeds=0.3 thistle=0.8 \
 thistles=0.8 dandelion=0.2 dandelions=0.2 grass_tuft=0.2 reed=1.5 reeds=1.5 rushes=1.0 \
 bulrush=1.5 bulrushes=1.5 cattail=1.5 sedge=0.6 gorse=1.0 seaweed=0.5 kelp=3.0 sprig=0.1 \
 twig=0.2 twigs=0.2 foliage=0.5
shamrock: clover=0.1 clovers=0.1 trefoil=0.1 wood_sorrel=0.1
four-leaf-clover: four-leaved_clover=0.1
"""),
    ("plant", """
tulip: tulips=0.4 daffodil=0.35 daffodils=0.35 narcissus=0.35 crocus=0.1 crocuses=0.1 \
 irises=0.6 lilies=0.8 poppies=0.5 pansy=0.15 pansies=0.15 violets=0.1 primrose=0.15 \
 primroses=0.15 snowdrop=0.12 snowdrops=0.12 bluebell=0.3 bluebells=0.3 buttercup=0.3 \
 buttercups=0.3 foxglove=1.2 foxgloves=1.2 hollyhock=2.0 hollyhocks=2.0 sweet_pea=1.5 \
 snapdragon=0.5 marigold=0.3 marigolds=0.3 carnation=0.5 carnations=0.5 wildflower=0.3 \
 wildflowers=0.3 blooms=0.3 petunia=0.25 gladiolus=1.0 freesia=0.4 amaryllis=0.6 \
 cornflower=0.5 forget-me-not=0.2 aster=0.5 dahlia=0.8 dahlias=0.8 zinnia=0.5 \
 chrysanthemum=0.6 chrysanthemums=0.6 peony=0.8 peonies=0.8 cowslip=0.2 bellflower=0.4 \
 lupin=1.0 lupins=1.0 delphinium=1.5 flowerbed=0.4 flower_bed=0.4
rose: rosebush=1.2 rose_bush=1.2 rosebud=0.3 red_rose=0.5 rambling_rose=2.0 climbing_rose=2.0 \
 briar=1.0 briar_rose=1.0 dog_rose=1.0
sunflower: sunflowers=1.8 black-eyed_susan=0.6 coneflower=0.8 echinacea=0.8 gerbera=0.4
white-flower: gardenia=0.6 edelweiss=0.1 camellia=1.5 camomile=0.3 chamomile=0.3 \
 frangipani=3.0 plumeria=3.0 orange_blossom=0.2 elderflower=0.3 stephanotis=0.3
hibiscus: bougainvillea=2.0 oleander=2.0 poinciana=5.0 passionflower=1.0 passion_flower=1.0 \
 morning_glory=1.5 tropical_flower=0.5 protea=0.6 mallow=1.0 rose_of_sharon=2.0
blossom: daisy=0.2 daisies=0.2 oxeye=0.5 blossoms=0.3 apple_blossom=0.3 plum_blossom=0.3 \
 almond_blossom=0.3 peach_blossom=0.3 pear_blossom=0.3 may_blossom=0.3 hawthorn_blossom=0.3 \
 spring_blossom=0.3
cherry-blossom: sakura=6.0 cherry_blossoms=6.0
hyacinth: hyacinths=0.3 lilac=3.0 lilacs=3.0 wisteria=3.0 grape_hyacinth=0.2 buddleia=2.0 \
 muscari=0.2
lotus: lotuses=0.5 water_lily=0.3 waterlily=0.3 water_lilies=0.3 lily_pad=0.05 lilypad=0.05 \
 lily_pads=0.05 nenuphar=0.3
bouquet: posy=0.35 nosegay=0.3 bunch_of_flowers=0.45 flower_arrangement=0.5 \
 spray_of_flowers=0.45 corsage=0.15 lei=0.4 bridal_bouquet=0.4 \
 nosegays=0.3 posies=0.35 bouquets=0.45
wilted-flower: dead_flower=0.3 dead_flowers=0.3 withered_flower=0.3 faded_rose=0.3 \
 dried_flowers=0.3 drooping_flower=0.3
rosette: rosettes=0.15 prize_rosette=0.15 award_ribbon=0.15
maple-leaf: autumn_leaf=0.1 autumn_leaves=0.1 red_leaf=0.1 oak_leaf=0.1 sycamore_leaf=0.1
fallen-leaf: dead_leaves=0.1 fallen_leaves=0.1 leaf_pile=0.3 pile_of_leaves=0.3 \
 leaf_litter=0.05 dry_leaves=0.1
sheaf-of-rice: sheaf=1.0 sheaves=1.0 wheat=1.0 barley=0.9 oats=1.0 rye=1.2 haystack=3.0 \
 hay=1.0 hay_bale=1.0 haybale=1.0 straw_bale=1.0 bale=1.0 bales=1.0 stook=1.2 corn_stook=1.2 \
 crops=1.0 grain=1.0 pampas_grass=2.5
mushroom: toadstool=0.15 toadstools=0.15 fly_agaric=0.2 fungus=0.15 fungi=0.15 mushrooms=0.1 \
 puffball=0.1 truffle=0.05 morel=0.1 chanterelle=0.08 fairy_ring=0.1
brown-mushroom: button_mushroom=0.05 field_mushroom=0.08 porcini=0.15 cep=0.15 shiitake=0.08 \
 portobello=0.1 shroom=0.08 shrooms=0.08
feather: feathers=0.2 quill=0.3 quill_pen=0.3 plume=0.3 plumes=0.3 eagle_feather=0.3 \
 peacock_feather=0.8 down_feather=0.05 plumage=0.3
nest-with-eggs: birds_nest=0.2 clutch_of_eggs=0.1
empty-nest: nest=0.2 nests=0.2 eyrie=1.0 aerie=1.0 rookery=0.3 wasps_nest=0.3
"""),
)
