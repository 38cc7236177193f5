"""Gear of ``nouns``' table: sports and games, toys, carried things, office and school,
devices and machines, weapons and armour, medical, garden, fair and circus, religious and
nautical things (see ``nouns`` for the row format)."""

from __future__ import annotations

SECTIONS: tuple[tuple[str, str], ...] = (
    ("thing", """
soccer-ball: footballs=0.22 netball=0.22 dodgeball=0.2 kickball=0.22 bouncy_ball=0.06 \
 rubber_ball=0.1
basketball: basketballs=0.24
baseball: baseballs=0.07 cricket_ball=0.07 rounders_ball=0.07 hardball=0.07
softball: softballs=0.1
american-football: pigskin=0.28
rugby-football: rugby_ball=0.28 rugby=0.28 rugby_balls=0.28
volleyball: volleyballs=0.21
tennis: tennis_racket=0.7 tennis_racquet=0.7 racquet=0.7 tennis_ball=0.07 tennis_balls=0.07 \
 squash_racket=0.7
badminton: shuttlecock=0.08 badminton_racket=0.65
ping-pong: table_tennis=0.76 pingpong=0.76 bat_and_ball=0.25
cricket-game: stumps=0.7 wicket_stumps=0.7 bails=0.7 cricket_bat=0.9
field-hockey: hockey_stick=0.9 hockey=0.9 hurley=0.9 shinty_stick=0.9
ice-hockey: ice_hockey_stick=1.5 puck=0.03 hockey_puck=0.03
lacrosse: lacrosse_stick=1.0
bowling: bowling_ball=0.22 skittles=0.38 skittle=0.38 ninepins=0.38 tenpin=0.38 \
 bowling_pins=0.38 bowling_pin=0.38 boules=0.08 petanque=0.08 bocce=0.1
pool-8-ball: eight_ball=0.06 billiard_ball=0.06 snooker=0.06 pool_balls=0.06 \
 snooker_balls=0.06
curling-stone: curling=0.15 curling_stones=0.15
goal-net: goalpost=2.4 goalposts=2.4 goal_posts=2.4 football_goal=2.4 goal_mouth=2.4
flag-in-hole: golf_flag=2.2 pin_flag=2.2 golf_hole=2.2 putting_green=2.2 flagstick=2.2 \
 checkered_flag=1.5 chequered_flag=1.5 white_flag=1.5
fishing-pole: fishing_rod=2.5 fishing_line=2.5 rod_and_line=2.5 angling_rod=2.5 fly_rod=2.5 \
 fishing_tackle=2.5 spinning_rod=2.5 fishing_poles=2.5 fishing_rods=2.5
diving-mask: snorkel=0.35 scuba_mask=0.2 dive_mask=0.2 swimming_mask=0.2 scuba_gear=0.6 \
 aqualung=0.6
goggles: swimming_goggles=0.08 ski_goggles=0.1 safety_goggles=0.1 welding_goggles=0.1 \
 night-vision_goggles=0.12 night_vision_goggles=0.12 flying_goggles=0.1
boxing-glove: mitts=0.3 boxing_mitts=0.3
skis: ski_pole=1.3 ski_poles=1.3 ski_stick=1.3 waterskis=1.7 water_skis=1.7
sled: sledges=0.4 luge_sled=0.3 skeleton_sled=0.3
trophy: trophies=0.4 silver_cup=0.4 loving_cup=0.4 challenge_cup=0.4 award=0.3 prize_cup=0.4 \
 shield_trophy=0.4 oscar_statuette=0.35 statuette=0.35 world_cup=0.37 championship_trophy=0.5 \
 awards=0.3
ring: diamond_ring=0.03 wedding_ring=0.03 engagement_ring=0.03 signet_ring=0.03 gold_ring=0.03 \
 silver_ring=0.03 wedding_band=0.03
sports-medal: medal=0.1 medals=0.1 medallion=0.08 gold_medal=0.1 silver_medal=0.1 \
 bronze_medal=0.1 olympic_medal=0.1
military-medal: campaign_medal=0.1 war_medal=0.1 victoria_cross=0.1 order_of_merit=0.1 \
 iron_cross=0.1 gallantry_medal=0.1
bullseye: dartboard=0.45 dart_board=0.45 dart=0.15 archery_target=1.2 shooting_target=1.0 \
 bull's-eye=0.45 archery_butt=1.2
flying-disc: frisbee=0.27 frisbees=0.27 ultimate_disc=0.27 quoit=0.15 quoits=0.15
yo-yo: yoyo=0.06 yoyos=0.06 diabolo=0.12
puzzle-piece: jigsaw=0.3 jigsaw_puzzle=0.3 tangram=0.2
teddy-bear: teddies=0.35 teddy_bears=0.35 soft_toy=0.3 stuffed_animal=0.3 stuffed_toy=0.3 \
 cuddly_toy=0.3 plush_toy=0.3 plushie=0.3 toy=0.3 toys=0.3 plaything=0.3
nesting-dolls: russian_dolls=0.2 matryoshka=0.2 babushka_dolls=0.2 stacking_dolls=0.2
japanese-dolls: hina_dolls=0.3 kokeshi=0.2 geisha_doll=0.3
game-die: dice_cup=0.1 backgammon=0.05 ludo=0.05 board_game=0.05 boardgame=0.05 monopoly=0.05 \
 snakes_and_ladders=0.05 dominoes=0.05 domino=0.05 draughts=0.05 checkers=0.05 \
 game_of_chance=0.02
chess-pawn: chess=0.1 chessboard=0.05 chess_board=0.05 chess_set=0.1 chess_piece=0.08 \
 chess_pieces=0.08 chess_game=0.1
joker: playing_cards=0.09 deck_of_cards=0.09 pack_of_cards=0.09 card_game=0.09 tarot=0.12 \
 tarot_cards=0.12 bridge_game=0.09 solitaire=0.09 blackjack=0.09 trump_card=0.09 \
 ace_of_spades=0.09 jokers=0.09
flower-playing-cards: hanafuda=0.06 flower_cards=0.06
mahjong-red-dragon: mahjong=0.04 mah-jong=0.04 mahjong_tiles=0.04 majong=0.04
joystick: gamepad=0.15 game_controller=0.15 games_console=0.15 playstation=0.1 xbox=0.1 \
 nintendo=0.1 game_pad=0.15 handheld_console=0.1
video-game: videogame=0.3 video_games=0.3 computer_game=0.3 handheld_game=0.15
slot-machine: fruit_machine=1.6 slots=1.6 pokie=1.6 pokies=1.6 gambling_machine=1.6 \
 claw_machine=1.8 penny_falls=1.6
crystal-ball: orb=0.15 scrying_ball=0.15 glass_ball=0.15 snow_globe=0.12 snowglobe=0.12 \
 paperweight=0.08
magic-wand: wand=0.35 wands=0.35 magic_staff=1.6 conjuring_wand=0.35 fairy_wand=0.35 \
 sceptre=0.7 scepter=0.7 rod_of_office=0.7
piata: pinatas=0.6 paper_donkey=0.6
party-popper: party_poppers=0.12 popper=0.12 christmas_cracker=0.25 party_blower=0.2 \
 party_horn=0.2
confetti-ball: confetti=0.15 ticker_tape=0.15
fireworks: firework=1.0 firework_display=10.0 catherine_wheel=0.4 roman_candle=0.4 \
 pyrotechnics=5.0 fireworks_display=10.0 starburst=2.0
sparkler: sparklers=0.4 lit_fuse=0.3 distress_flare=0.3 signal_flare=0.3
firecracker: firecrackers=0.15 squib=0.1 cherry_bomb=0.05 stick_of_dynamite=0.2 dynamite=0.2 \
 tnt=0.2 explosive=0.2 explosives=0.2 gelignite=0.2
wrapped-gift: gifts=0.3 birthday_present=0.3 christmas_present=0.3 gift_box=0.3 giftbox=0.3 \
 stocking_filler=0.2 party_bag=0.2 goody_bag=0.2 care_package=0.4
ribbon: ribbons=0.2 hair_ribbon=0.15 sash=0.6 bunting=0.3 tinsel=0.3 red_ribbon=0.2
admission-tickets: tickets=0.08 ticket_stubs=0.08 entry_tickets=0.08 theatre_tickets=0.08 \
 concert_tickets=0.08 cinema_tickets=0.08
ticket: ticket_stub=0.08 train_ticket=0.08 bus_ticket=0.08 boarding_pass=0.15 coupon=0.08 \
 voucher=0.1 raffle_ticket=0.06 lottery_ticket=0.08
kite: kites=1.0 box_kite=1.0 stunt_kite=1.0 paper_kite=0.8
mirror-ball: disco_ball=0.5 discoball=0.5 glitterball=0.5 glitter-ball=0.5
boomerang: boomerangs=0.5 throwing_stick=0.5 woomera=0.6
carp-streamer: koinobori=2.0 fish_kite=1.5
wind-chime: wind_chimes=0.4 windchime=0.4 windchimes=0.4 hanging_mobile=0.5
"""),
    ("thing", """
briefcase: attache_case=0.35 attache=0.35 document_case=0.35 satchel=0.35 dispatch_box=0.3 \
 despatch_box=0.3 laptop_bag=0.35 doctors_bag=0.3 gladstone_bag=0.35 valise=0.4 music_case=0.3 \
 briefcases=0.35 red_box=0.3
luggage: suitcases=0.7 baggage=0.7 holdall=0.4 duffel_bag=0.4 duffle_bag=0.4 kitbag=0.5 \
 kit_bag=0.5 portmanteau=0.6 travel_bag=0.5 overnight_bag=0.4 carpetbag=0.4 steamer_trunk=0.6 \
 luggage_trunk=0.6 cabin_trunk=0.6 wheelie_case=0.6 trolley_case=0.6 bags=0.5
backpack: knapsack=0.5 haversack=0.45 daypack=0.45 schoolbag=0.4 school_bag=0.4 bookbag=0.4 \
 book_bag=0.4 bergen=0.6
purse: coin_purse=0.1 billfold=0.1 pocketbook=0.15 drawstring_bag=0.25 sporran=0.2 \
 fanny_pack=0.15 bumbag=0.15 bum_bag=0.15 change_purse=0.1
handbag: shoulder_bag=0.3 tote=0.35 tote_bag=0.35 shopper_bag=0.35 vanity_case=0.25 \
 beach_bag=0.4 reticule=0.2 wicker_bag=0.3 evening_bag=0.15
shopping-bags: carrier_bag=0.4 carrier_bags=0.4 plastic_bag=0.4 paper_bag=0.3 paper_bags=0.3 \
 shopping_bag=0.4 goodie_bag=0.3
glasses: spectacles=0.05 reading_glasses=0.05 monocle=0.04 pince-nez=0.04 bifocals=0.05 \
 lorgnette=0.1
sunglasses: sunnies=0.05 dark_glasses=0.05 ray-bans=0.05
magnifying-glass-tilted-left: magnifier=0.2 hand_lens=0.15 loupe=0.05 magnifying_glass=0.2 \
 magnifying_lens=0.15 jewellers_loupe=0.05
lipstick: lip_gloss=0.08 makeup=0.1 make-up=0.1 cosmetics=0.1 mascara=0.12 eyeliner=0.12 \
 powder_compact=0.08 rouge=0.08 blusher=0.08 nail_varnish=0.08
gem-stone: gemstone=0.05 gemstones=0.05 jewels=0.05 jewellery=0.05 jewelry=0.05 rubies=0.03 \
 emerald=0.03 emeralds=0.03 sapphire=0.03 sapphires=0.03 crystal=0.08 crystals=0.08 \
 amethyst=0.04 topaz=0.03 pearls=0.02 precious_stone=0.04 treasure=0.4 loot=0.4 trinket=0.05 \
 bauble=0.08 baubles=0.08 quartz=0.05 geode=0.15
crown: coronet=0.1 crowns=0.15 royal_crown=0.2 crown_jewels=0.3 tiara=0.1 diadem=0.1 \
 circlet=0.05 regalia=0.3 imperial_crown=0.25 paper_crown=0.15
prayer-beads: rosary=0.3 rosary_beads=0.3 worry_beads=0.2 mala=0.3 misbaha=0.3 beads=0.2
coin: coins=0.03 pennies=0.02 doubloon=0.03 doubloons=0.03 dime=0.02 nickel=0.02 shilling=0.02 \
 guinea=0.025 florin=0.025 sixpence=0.02 farthing=0.02 ducat=0.03 denarius=0.02 drachma=0.02 \
 gold_coin=0.03 gold_coins=0.03 silver_coin=0.03 pieces_of_eight=0.03 small_change=0.02 \
 loose_change=0.02 cent=0.02 cents=0.02 euro=0.02 pound_coin=0.02
money-bag: moneybag=0.4 bag_of_gold=0.4 bag_of_money=0.4
dollar-banknote: banknote=0.07 banknotes=0.07 bank_note=0.07 bank_notes=0.07 dollars=0.07 \
 dollar=0.07 money=0.07 cash=0.07 greenbacks=0.07 wad_of_cash=0.07 roll_of_notes=0.07 \
 bundle_of_notes=0.07 tenner=0.07 fiver=0.07 currency=0.07 paper_money=0.07
credit-card: credit_cards=0.05 debit_card=0.05 bank_card=0.05 charge_card=0.05 store_card=0.05 \
 key_card=0.05 keycard=0.05 smart_card=0.05 swipe_card=0.05 chip_card=0.05
identification-card: id_card=0.08 identity_card=0.08 badge_id=0.08 press_pass=0.08 \
 warrant_card=0.08 driving_licence=0.08 drivers_license=0.08 lanyard=0.3 name_badge=0.08 \
 name_tag=0.08 nametag=0.08 passport=0.12 passports=0.12 dog_tags=0.05 dog_tag=0.05 \
 security_pass=0.08 staff_pass=0.08
key: keys=0.08 door_key=0.08 house_key=0.08 car_key=0.06 car_keys=0.06 bunch_of_keys=0.1 \
 keyring=0.1 key_ring=0.1 latchkey=0.08 padlock_key=0.05 spare_key=0.08
old-key: skeleton_key=0.12 iron_key=0.15 antique_key=0.12 rusty_key=0.12 golden_key=0.12 \
 master_key=0.1 dungeon_key=0.15 castle_key=0.15
locked: padlock=0.08 padlocks=0.08 combination_lock=0.08 bike_lock=0.2 cable_lock=0.2 \
 deadbolt=0.1 hasp=0.1 latch=0.1
"""),
    ("thing", """
desktop-computer: computers=0.5 workstation=0.5 mainframe=1.9 supercomputer=1.9 \
 server_rack=1.9 computer_terminal=0.5 pcs=0.5 imac=0.5 macintosh=0.5 monitors=0.5 vdu=0.5 \
 computer_screen=0.5 cctv_monitor=0.5 security_monitor=0.5 radar_screen=0.5 sonar=0.5 \
 sonar_screen=0.5 oscilloscope=0.4
laptop: laptops=0.25 notebook_computer=0.25 netbook=0.2 macbook=0.25 chromebook=0.25 ipad=0.2 \
 e-reader=0.18 tablet_computer=0.2 palmtop=0.1
keyboard: computer_keyboard=0.05 keypad=0.05 keyboards=0.05 qwerty=0.05
computer-mouse: mouse_pointer=0.04 computer_mice=0.04 touchpad=0.04 mousepad=0.01
printer: printers=0.4 photocopier=1.1 copier=1.1 copy_machine=1.1 xerox=1.1 printing_press=1.5 \
 press_machine=1.5 mimeograph=0.5 plotter=1.0 label_maker=0.15 shredder=0.6 paper_shredder=0.6 \
 laminator=0.2
fax-machine: fax=0.2 answering_machine=0.15 answerphone=0.15 receipt_printer=0.2 \
 ticket_printer=0.2
telephone: landline=0.2 rotary_phone=0.2 dial_phone=0.2 desk_phone=0.2 payphone=0.6 \
 pay_phone=0.6 red_phone=0.2 handset=0.2 field_telephone=0.3 candlestick_phone=0.3 \
 telephones=0.2
mobile-phone: cell_phone=0.14 iphone=0.14 burner_phone=0.14 satphone=0.2 sat_phone=0.2 \
 satellite_phone=0.2 phones=0.14 smartphones=0.14 handphone=0.14 pda=0.14 remote_control=0.15 \
 tv_remote=0.15 clicker=0.15 gps=0.12 sat_nav=0.12 satnav=0.12 bleeper=0.07
pager: beeper=0.07 pagers=0.07
radio: transistor=0.3 transistor_radio=0.3 radiogram=0.9 ghetto_blaster=0.4 boombox=0.4 \
 boom_box=0.4 tape_recorder=0.3 tape_deck=0.3 stereo=0.4 hi-fi=0.4 hifi=0.4 ham_radio=0.4 \
 cb_radio=0.2 shortwave_radio=0.3 crystal_set=0.3 radio_set=0.4 radio_transmitter=0.4 \
 wireless_set=0.4 radios=0.4
loudspeaker: speaker_cabinet=0.6 amplifier=0.5 amp=0.5 subwoofer=0.5 tannoy=0.4 pa_system=1.0 \
 public_address=1.0 siren=0.4 air-raid_siren=0.6 horn_speaker=0.4
megaphone: bullhorn=0.35 loudhailer=0.35 loud-hailer=0.35 ear_trumpet=0.3 \
 speaking_trumpet=0.35 hailer=0.35
television: televisions=0.6 tv_set=0.6 tv_screen=0.6 television_set=0.6 flatscreen=0.6 \
 flat_screen=0.6 widescreen=0.6 tellies=0.6
camera: polaroid=0.12 polaroid_camera=0.12 slr=0.15 dslr=0.15 box_camera=0.2 \
 digital_camera=0.1 instant_camera=0.12 kodak=0.12 webcam=0.06 cctv=0.2 cctv_camera=0.2 \
 security_camera=0.2 speed_camera=1.0 trail_camera=0.15 disposable_camera=0.1 plate_camera=0.4 \
 brownie_camera=0.12
camera-with-flash: flashgun=0.2 flashbulb=0.1 flash_camera=0.15 paparazzi_camera=0.15
video-camera: videocamera=0.3 handycam=0.2 camcorders=0.25 bodycam=0.08 body_camera=0.08 \
 dashcam=0.08 dash_cam=0.08 gopro=0.05 tv_camera=0.5 television_camera=0.5 steadicam=0.5 \
 news_camera=0.5
movie-camera: film_camera=0.4 cine-camera=0.4 movie_cameras=0.4 hollywood_camera=0.5 \
 camera_crane=0.5 cinecamera=0.4
film-projector: projectors=0.4 slide_projector=0.3 overhead_projector=0.5 magic_lantern=0.4 \
 cine_projector=0.4 movie_projector=0.4 beamer=0.2
clapper-board: clapperboard=0.25 clapper=0.25 film_slate=0.25
film-frames: filmstrip=0.1 film_strip=0.1 film_reel=0.3 film_reels=0.3 footage=0.3 \
 movie_reel=0.3 celluloid=0.1 film_canister=0.3 cine_film=0.3 roll_of_film=0.1
videocassette: video_tape=0.1 videotape=0.1 vhs=0.1 video_cassette=0.1 cassette=0.08 \
 cassettes=0.08 cassette_tape=0.08 audio_tape=0.08 reel-to-reel=0.3 mixtape=0.08 mix_tape=0.08 \
 betamax=0.1
optical-disk: cd=0.12 cds=0.12 compact_disc=0.12 compact_disk=0.12 cd-rom=0.12 disc=0.12 \
 laserdisc=0.3 blu-ray=0.12 bluray=0.12 vinyl=0.3 vinyl_record=0.3 lp=0.3 lps=0.3 \
 gramophone_record=0.3
computer-disk: hard_drive=0.1 hard_disk=0.1 disk_drive=0.1 zip_disk=0.1 minidisk=0.07
floppy-disk: floppy=0.09 floppies=0.09 diskette=0.09
battery: batteries=0.06 car_battery=0.2 power_pack=0.15 battery_pack=0.15 power_bank=0.1 \
 powerbank=0.1 accumulator=0.2 fuel_cell=0.3
electric-plug: plug=0.06 plugs=0.06 power_socket=0.1 power_point=0.1 adapter=0.06 adaptor=0.06 \
 extension_lead=0.1 extension_cord=0.1 power_cable=0.1 phone_charger=0.06 power_cord=0.1
microscope: microscopes=0.4 electron_microscope=1.5 binocular_microscope=0.4
telescope: telescopes=1.2 spyglass=0.4 spy_glass=0.4 refractor=1.2 periscope=1.0 \
 monocular=0.15
test-tube: test_tubes=0.15 testtube=0.15 pipette=0.15 burette=0.6 vials=0.08 ampoule=0.05 \
 specimen_jar=0.2 phial=0.08 potion=0.15 potions=0.15 elixir=0.15 philtre=0.15 antidote=0.1 \
 serum=0.1 graduated_cylinder=0.3 measuring_cylinder=0.3 chemistry_set=0.3
alembic: conical_flask=0.25 erlenmeyer=0.25 erlenmeyer_flask=0.25 distiller=0.5 \
 moonshine_still=1.5 round-bottomed_flask=0.25 beakers=0.15 glassware=0.3
petri-dish: petri_dishes=0.02 culture_dish=0.02 agar_plate=0.02 watch_glass=0.02 \
 evaporating_dish=0.03
dna: double_helix=0.3 genome=0.3 gene=0.3 genes=0.3 chromosome=0.1 chromosomes=0.1 helix=0.3
"""),
)
