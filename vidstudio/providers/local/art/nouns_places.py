"""Vehicles, boats, aircraft, buildings, structures and street furniture of ``nouns``' table
(see ``nouns`` for the row format). Whole places a scene is set in ("a station", "a church")
are painted by the painter's settings, not here; these are things seen in a place."""

from __future__ import annotations

SECTIONS: tuple[tuple[str, str], ...] = (
    ("vehicle", """
automobile: saloon_car estate_car station_wagon convertible=1.3 coupe=1.3 limousine=1.5 \
 limo=1.5 roadster=1.2 cabriolet=1.3 minivan=1.8 people_carrier=1.8 motorcar motor_car \
 family_car hire_car rental_car getaway_car hot_rod=1.3 vintage_car veteran_car jalopy \
 compact_car electric_car self-driving_car robotaxi runabout cars
racing-car: racecar formula_one dragster=1.0 go-kart=0.6 gokart=0.6 go_kart=0.6 kart=0.6 \
 stock_car rally_car supercar=1.2 dune_buggy=1.4
taxi: taxicab minicab black_cab hackney_cab yellow_cab
police-car: patrol_car squad_car cop_car panda_car police_cruiser cruiser_car police_van=2.2
sport-utility-vehicle: land_rover landrover four-by-four off-roader humvee=1.9 range_rover
pickup-truck: pickup pick-up ute utility_truck flatbed=2.0 tow_truck=2.5 breakdown_truck=2.5 \
 wrecker=2.5
delivery-truck: box_truck removal_van=3.0 moving_van=3.0 furniture_van=3.0 panel_van=2.2 \
 transit_van=2.2 camper_van=2.6 campervan=2.6 motorhome=3.0 ice_cream_van=2.6 horsebox=2.8 \
 milk_float=2.0 refrigerated_truck armoured_car=2.5 armored_car=2.5 security_van=2.5 \
 garbage_truck=3.2 bin_lorry=3.2 dustcart=3.2 rubbish_truck=3.2 dump_truck=3.0 \
 dumper_truck=3.0 tipper_truck=3.0 cement_mixer=3.5 concrete_mixer=3.5 mail_van=2.2 \
 post_van=2.2 food_truck=3.0 mobile_library=3.0
articulated-lorry: juggernaut semi-truck semitrailer big_rig eighteen-wheeler tanker=3.8 \
 tanker_truck=3.8 petrol_tanker=3.8 truck_and_trailer trailer_truck car_transporter=4.0 \
 logging_truck=4.0
tractor: snowplough=3.0 snowplow=3.0 snow_plough=3.0 bulldozer=3.0 digger=3.5 excavator=3.5 \
 backhoe=3.5 jcb=3.5 steamroller=3.0 road_roller=3.0 combine_harvester=4.0 harvester=4.0 \
 forklift=2.2 fork-lift=2.2 fork_lift=2.2 quad_bike=1.2 atv=1.2 traction_engine=3.5 \
 trencher=2.5
bus: double-decker=4.4 double_decker=4.4 double-decker_bus=4.4 omnibus charabanc \
 school_bus=3.2 tour_bus=3.5 shuttle_bus=3.0 bendy_bus=3.0 sightseeing_bus=4.4 \
 open-top_bus=4.2 jitney
minibus: microbus people_mover hotel_shuttle party_bus
trolleybus: trolley_bus trackless_trolley
ambulance: paramedic_van field_ambulance
fire-engine: fire_appliance fire_tender pumper ladder_truck hook_and_ladder
auto-rickshaw: tuk-tuk tuk_tuk rickshaw=1.7 pedicab=1.7 trishaw=1.7 cycle_rickshaw=1.7
motorcycle: dirt_bike=1.1 trail_bike=1.1 chopper_bike harley superbike motocross_bike=1.1 \
 sidecar=1.1 trike=1.2 police_motorcycle
motor-scooter: vespa lambretta mobility_scooter=1.2 electric_scooter=1.1 e-scooter=1.1 \
 minibike
bicycle: push-bike pushbike tandem=1.1 penny-farthing=1.5 penny_farthing=1.5 tricycle=0.8 \
 mountain_bike road_bike racing_bike bmx=0.9 bikes bicycles velocipede boneshaker e-bike ebike \
 exercise_bike=1.2 cycles
kick-scooter: push_scooter razor_scooter
manual-wheelchair: wheelchair=1.0 bath_chair=1.0 invalid_carriage
motorized-wheelchair: electric_wheelchair=1.0 powerchair=1.0 power_chair=1.0
skateboard: longboard=0.15 hoverboard=0.15
sled: sledge toboggan bobsleigh=0.8 bobsled=0.8 sleigh=1.2 dog_sled=1.0 dogsled=1.0 luge
skis: ski pair_of_skis cross-country_skis
roller-skate: rollerskate rollerskates roller_skates rollerblade rollerblades inline_skates \
 quad_skates
ice-skate: ice_skates skates figure_skates hockey_skates
shopping-cart: trolley=1.0 luggage_trolley=1.0 supermarket_trolley=1.0
wheel: tyre=0.7 spare_tyre=0.7 spare_wheel=0.7 steering_wheel=0.4 wagon_wheel=1.4 \
 waterwheel=5.0 water_wheel=5.0 millwheel=5.0 hubcap=0.4 ships_wheel=1.2 tire=0.7 tires=0.7 \
 tyres=0.7 car_tyre=0.7 car_tire=0.7 spare_tire=0.7
locomotive: shunter=3.8 loco puffing_billy choo-choo choo_choo train_engine=4.0 \
 tank_engine=3.8 railway_engine=4.0
train: passenger_train freight_train=4.0 goods_train=4.0 express_train=4.0 commuter_train=4.0 \
 sleeper_train=4.0 night_train=4.0 intercity=4.0 mail_train=4.0 trains model_train=0.15 \
 toy_train=0.15 train_set=0.15 railcar=4.0 diesel_train=4.0 local_train=4.0 boxcar=4.0 \
 freight_car=4.0
high-speed-train: tgv eurostar maglev=4.0 pendolino
railway-car: railway_carriage=4.0 passenger_car=4.0 rail_car=4.0 goods_wagon=3.5 \
 coal_wagon=3.0 caboose=4.0 guards_van=4.0 cattle_truck=3.5 rolling_stock=4.0 handcar=1.5 \
 mine_cart=1.2 minecart=1.2
tram: tramcar trolley_car cable_car=3.5 funicular=3.5 trams
metro: underground_train tube_train subway_train el_train metro_train
aerial-tramway: gondola_lift=3.0 cable_car_lift ski_lift=2.5 chairlift=2.5 chair_lift=2.5 \
 ropeway=3.0 telepherique=3.0
"""),
    ("vehicle", """
sailboat: sailing_boat sailing_ship=20.0 sailing_dinghy=4.0 schooner=18.0 clipper=25.0 \
 galleon=25.0 brigantine=20.0 frigate=25.0 tall_ship=25.0 windjammer=25.0 ketch=10.0 \
 sloop=10.0 catamaran=8.0 trimaran=8.0 dhow=8.0 felucca=6.0 caravel=18.0 longship=6.0 \
 viking_ship=6.0 pirate_ship=20.0 barque=20.0 windsurfer=3.0 sailboard=3.0 yachts sailboats \
 boats=3.0 dinghies=2.0 lugger=8.0 regatta
canoe: skiff=1.0 punt=1.0 gondola=1.5 coracle=1.0 raft=0.8 life_raft=1.0 liferaft=1.0 \
 pirogue=1.0 scull=0.8 outrigger=1.2 paddle_boat=1.2 pedalo=1.2 canoes kayaks=1.0 \
 rubber_dinghy=0.8 sampan=1.5 longboat=1.5 whaleboat=1.5 rowing_eight=0.8
speedboat: powerboat power_boat jet_ski=1.0 jetski=1.0 racing_boat hydrofoil=4.0 \
 hovercraft=5.0 cigarette_boat water_taxi=2.5 patrol_boat=4.0 gunboat=6.0 torpedo_boat=5.0 \
 pt_boat=5.0 airboat=2.0
motor-boat: motorboat tugboat=6.0 barge=3.0 narrowboat=2.2 narrow_boat=2.2 houseboat=3.5 \
 canal_boat=2.2 lifeboat=4.0 cabin_cruiser=4.0 river_boat=5.0 riverboat=5.0 steamboat=8.0 \
 paddle_steamer=8.0 paddlesteamer=8.0 fishing_smack=6.0 crabber=5.0 shrimper=5.0 \
 lobster_boat=4.0 pilot_boat=4.0 police_boat=4.0 fireboat=6.0 dredger=8.0 motor_launch=3.0
ship: warship=25.0 battleship=30.0 destroyer=25.0 aircraft_carrier=40.0 cargo_ship=25.0 \
 freighter=25.0 container_ship=30.0 oil_tanker=25.0 supertanker=30.0 icebreaker=20.0 \
 man-of-war=25.0 man_o_war=25.0 corvette=20.0 steamship=20.0 factory_ship=20.0 \
 hospital_ship=25.0 troopship=25.0 research_vessel=15.0 ships=12.0 tramp_steamer=15.0 \
 dreadnought=30.0 ironclad=15.0
passenger-ship: ocean_liner=40.0 cruise_ship=45.0 cruise_liner=45.0 cruiseship=45.0 \
 luxury_liner=40.0 steam_liner=35.0 mail_ship=25.0 titanic=40.0
ferry: car_ferry=15.0 ferryboat=12.0 ro-ro=15.0 passenger_ferry=12.0 ferries=12.0 \
 chain_ferry=5.0 vaporetto=4.0 waterbus=4.0 water_bus=4.0
ring-buoy: lifebuoy=0.7 life_buoy=0.7 life_ring=0.7 lifering=0.7 life_preserver=0.7 \
 rubber_ring=0.6 inflatable_ring=0.6 swim_ring=0.6 float_ring=0.6
anchor: ships_anchor=1.5 kedge=1.0 grapnel=0.6 anchors=1.5
"""),
    ("vehicle", """
airplane: jetliner=12.0 jumbo_jet=19.0 jet_plane=10.0 passenger_jet=12.0 fighter_jet=5.0 \
 fighter_plane=5.0 warplane=5.0 bomber=8.0 spitfire=4.0 concorde=12.0 airbus=12.0 boeing=12.0 \
 cargo_plane=14.0 transport_plane=14.0 planes=10.0 airplanes=10.0 aeroplanes=10.0 jets=10.0 \
 stealth_bomber=5.0 glider=2.0 sailplane=2.0 seaplane=5.0 floatplane=5.0 flying_boat=8.0 \
 model_plane=0.3 model_aircraft=0.3
small-airplane: light_aircraft=3.0 biplane=3.0 triplane=3.0 monoplane=3.0 crop-duster=3.0 \
 crop_duster=3.0 cessna=3.0 propeller_plane=3.0 prop_plane=3.0 bush_plane=3.0 microlight=2.5 \
 ultralight=2.5 air_taxi=3.0 piper_cub=3.0
helicopter: chopper=4.0 copter=4.0 helicopters=4.0 gunship=4.5 air_ambulance=4.0 autogyro=3.0 \
 gyrocopter=3.0 quadcopter=0.3 drone=0.3 drones=0.3 rescue_helicopter=4.0 \
 police_helicopter=4.0 chinook=5.5 whirlybird=4.0
parachute: paraglider=8.0 hang_glider=3.0 hang-glider=3.0 parasail=8.0 parachutes=8.0
balloon: party_balloon=0.4 balloons=0.4 helium_balloon=0.4 toy_balloon=0.4
rocket: space_rocket=40.0 moon_rocket=60.0 missile=8.0 rockets=40.0 launch_vehicle=50.0 \
 starship_rocket=50.0 spaceplane=15.0 firework_rocket=0.5 skyrocket=0.5 torpedo=1.0 icbm=15.0 \
 rocketship=40.0
flying-saucer: mothership=60.0 alien_ship=20.0 alien_craft=20.0
satellite: space_probe=3.0 sputnik=1.0 space_telescope=8.0 hubble=10.0 orbital_station=30.0 \
 voyager=3.0 comsat=4.0 spy_satellite=4.0
satellite-antenna: satellite_dish=1.5 dish_antenna=1.5 radar_dish=4.0 radio_telescope=30.0 \
 radar=3.0 antenna=2.0 tv_aerial=1.5 radio_mast=30.0 mast_antenna=10.0
"""),
    ("building", """
house-with-garden: bungalow villa homestead semi-detached detached_house townhouse_garden \
 mansion=12.0 manor=12.0 manor_house=12.0 country_house=12.0 stately_home=14.0 chateau=14.0 \
 ranch_house=6.0 hacienda=6.0 chalet=8.0 dacha=7.0 rectory=9.0 vicarage=9.0 parsonage=9.0 \
 summer_house=4.0 summerhouse=4.0 gatehouse=8.0
house: dolls_house=0.6 dollhouse=0.6 doll_house=0.6 birdhouse=0.35 bird_house=0.35 \
 nesting_box=0.3 nest_box=0.3 dovecote=3.0 kennel=0.9 doghouse=0.9 dog_kennel=0.9 \
 playhouse=1.6 wendy_house=1.6 gingerbread_house=0.3 model_house=0.3 beach_hut=2.6 \
 bathing_hut=2.6 hen_house=1.5 henhouse=1.5 chicken_coop=1.5 coop=1.5 hutch=0.6 \
 rabbit_hutch=0.6 townhouse terrace_house terraced_house rowhouse row_house
derelict-house: haunted_house=9.0 abandoned_house=8.0 ruined_house=8.0
hut: log_cabin=3.5 log_cabins=3.5 garden_shed=2.5 woodshed=2.5 toolshed=2.5 tool_shed=2.5 \
 lean-to=2.2 bothy=3.0 shanty=2.5 hovel=2.5 yurt=3.0 mud_hut=3.0 longhouse=5.0 kiosk=2.5 \
 booth=2.3 ticket_booth=2.5 sentry_box=2.3 guardhouse=3.0 guard_hut=2.5 hunting_lodge=4.0 \
 pavilion=4.0 outbuilding=3.0 stables=4.0 cowshed=4.0 pigsty=1.5 sty=1.5 byre=4.0
tent: marquee=4.0 pup_tent=1.2 bell_tent=3.0 wigwam=3.5 teepee=3.5 tipi=3.5 tents=2.0 \
 pavilion_tent=4.0 bivouac=1.0 bivvy=1.0
circus-tent: big_top=12.0 circus=12.0 carnival_tent=8.0 funfair_tent=8.0 fairground=10.0 \
 big-top=12.0
castle: fortress=20.0 citadel=25.0 stronghold=20.0 palace=20.0 battlements=12.0 castles=20.0 \
 bastion=12.0 sandcastle=0.4 sand_castle=0.4 kremlin=25.0 alcazar=20.0 fortification=12.0 \
 ramparts=10.0
japanese-castle: pagoda=20.0 japanese_temple=15.0
classical-building: courthouse=14.0 court_house=14.0 museum=14.0 parthenon=14.0 capitol=20.0 \
 senate=16.0 parliament=20.0 town_hall=14.0 city_hall=14.0 opera_house=16.0 mausoleum=8.0 \
 temple=12.0 acropolis=15.0 colosseum=30.0 amphitheatre=15.0 pantheon=20.0 portico=8.0 \
 colonnade=8.0 rotunda=12.0 embassy=12.0 treasury=12.0 academy=12.0 basilica=20.0 \
 triumphal_arch=15.0
office-building: skyscraper=150.0 tower_block=40.0 high-rise=40.0 highrise=40.0 \
 office_block=25.0 apartment_block=20.0 block_of_flats=20.0 tenement=15.0 \
 apartment_building=20.0 condominium=20.0 headquarters=25.0 corporate_tower=60.0 \
 call_centre=12.0 multistorey=15.0
factory: mill=12.0 foundry=12.0 refinery=20.0 power_station=30.0 power_plant=30.0 brewery=12.0 \
 distillery=12.0 sawmill=8.0 steelworks=20.0 mill_chimney=30.0 smokestack=30.0 \
 chimney_stack=30.0 warehouse=10.0 depot=10.0 gasworks=15.0 cannery=10.0 tannery=8.0 \
 nuclear_plant=30.0 cooling_tower=40.0 incinerator=20.0 waterworks=12.0 pumping_station=8.0
hospital: infirmary=12.0 clinic=8.0 sanatorium=12.0 asylum=12.0 hospice=8.0 medical_centre=8.0 \
 health_centre=8.0 field_hospital=4.0
school: schoolhouse=7.0 school_house=7.0 college=14.0 university=16.0 kindergarten=6.0 \
 nursery_school=6.0 schoolroom=6.0 boarding_school=14.0 seminary=12.0
hotel: motel=7.0 guesthouse=9.0 guest_house=9.0 hostel=9.0 boarding_house=9.0 \
 bed_and_breakfast=9.0 lodging_house=9.0
post-office: sorting_office=8.0
convenience-store: market_stall=2.5 food_stall=2.5 street_stall=2.5
department-store: supermarket=10.0 hypermarket=12.0 shopping_centre=15.0 shopping_mall=15.0 \
 mall=15.0 emporium=12.0 superstore=10.0 megastore=12.0
church: chapel_building=10.0 cathedral=40.0 abbey=25.0 minster=30.0 priory=15.0 monastery=15.0 \
 convent=15.0 nunnery=15.0 kirk=12.0 parish_church=15.0 steeple=25.0 spire=25.0 belltower=20.0 \
 bell_tower=20.0 campanile=25.0 baptistery=10.0
mosque: minaret=30.0 masjid=15.0
synagogue: shul=10.0
hindu-temple: mandir=15.0 gurdwara=12.0 stupa=10.0
shinto-shrine: shrine_gate=5.0 torii=5.0 torii_gate=5.0 wayside_shrine=2.0 roadside_shrine=2.0
stadium: arena=20.0 ballpark=20.0 velodrome=15.0 racecourse=8.0 racetrack=8.0 speedway=8.0 \
 bullring=12.0 sports_ground=10.0 coliseum=25.0 grandstand=10.0 football_ground=15.0 \
 cricket_ground=12.0 amphitheater=15.0
tokyo-tower: radio_tower=60.0 pylon=40.0 electricity_pylon=40.0 eiffel_tower=300.0 \
 lattice_tower=40.0 derrick=30.0 oil_derrick=30.0 oil_rig=40.0 drilling_rig=30.0 \
 watchtower=15.0 watch_tower=15.0 launch_tower=60.0 transmission_tower=40.0
fountain: drinking_fountain=1.2 water_fountain=1.2 fountains=2.5 water_feature=1.5
"""),
    ("structure", """
moai: easter_island_head=6.0 stone_head=3.0 tiki=2.0
fuel-pump: petrol_pump gas_pump petrol_station=5.0 gas_station=5.0 filling_station=5.0 \
 service_station=5.0 charging_point=1.8 charging_station=1.8 charger_post=1.8 petrol_pumps \
 fuel_pumps
bus-stop: bus_shelter=2.5 tram_stop=2.5 shelter_stop=2.5 bus_stops=2.5 request_stop=2.5
construction: barricade=1.2 roadblock=1.2 road_block=1.2 barrier=1.2
vertical-traffic-light: traffic_light traffic_lights stoplight stoplights traffic_signal \
 traffic_signals
stop-sign: give_way_sign=2.2 yield_sign=2.2 no_entry_sign=2.2 speed_sign=2.2 traffic_sign=2.2 \
 checkpoint=2.5
barber-pole: barbers_pole=1.5 candy-striped_pole=1.5 maypole=6.0 striped_pole=2.0
postbox: pillar_box=1.6 letterbox=1.2 letter_box=1.2 post_box=1.6 postboxes=1.6
closed-mailbox-with-raised-flag: mail_box=1.2 letterbox_flag=1.2 rural_mailbox=1.2
carousel-horse: carousel=4.0 merry-go-round=4.0 merrygoround=4.0 roundabout_ride=3.0 \
 gallopers=4.0 rocking_horse=1.1 hobby_horse=1.0 hobbyhorse=1.0
ferris-wheel: big_wheel=40.0 observation_wheel=60.0 london_eye=130.0 fairground_wheel=20.0 \
 giant_wheel=40.0
roller-coaster: rollercoaster rollercoasters roller_coasters big_dipper=20.0 scenic_railway \
 log_flume=10.0 fairground_ride=8.0 funfair_ride=8.0 thrill_ride=15.0 theme_park_ride=15.0 \
 water_slide=10.0 waterslide=10.0 flume=10.0
playground-slide: slippery_slide=2.5 climbing_frame=2.0 jungle_gym=2.0
"""),
)
