"""Weapons and armour, medical, office and school, religious, nautical, farm, garden, fair and
circus things of ``nouns``' table (see ``nouns`` for the row format)."""

from __future__ import annotations

SECTIONS: tuple[tuple[str, str], ...] = (
    ("thing", """
dagger: sabre=0.9 saber=0.9 cutlass=0.8 rapier=1.0 broadsword=1.0 longsword=1.1 machete=0.6 \
 claymore=1.3 scimitar=0.9 katana=1.0 epee=0.9 falchion=0.9 gladius=0.7 short_sword=0.7 \
 swords=1.0 stiletto=0.3 bayonet=0.4 poniard=0.3 bowie_knife=0.35 hunting_knife=0.3 \
 combat_knife=0.3 flick_knife=0.2 shiv=0.2 knives=0.3 excalibur=1.0 lightsaber=1.2 \
 light_saber=1.2 scabbard=1.0 sheath=0.4
crossed-swords: duelling_swords=1.0 fencing_swords=0.9 swordfight=1.0 sword_fight=1.0 duel=1.0 \
 crossed_blades=1.0
water-pistol: revolver=0.25 handgun=0.2 sidearm=0.2 six-shooter=0.3 six_shooter=0.3 luger=0.22 \
 derringer=0.12 firearm=0.3 firearms=0.3 guns=0.3 flintlock=0.5 uzi=0.3 starting_pistol=0.2 \
 flare_gun=0.25 laser_gun=0.3 ray_gun=0.3 raygun=0.3 blaster=0.3 phaser=0.2 stun_gun=0.2 \
 taser=0.2 nerf_gun=0.4 toy_gun=0.2 squirt_gun=0.2 water_gun=0.2 cap_gun=0.2 pistols=0.25
bow-and-arrow: bow_and_arrows=1.5 longbow=1.8 crossbow=0.8 arrows=0.8 arrow=0.8 archery=1.5
bomb: bombs=0.5 grenade=0.1 grenades=0.1 hand_grenade=0.1 landmine=0.3 land_mine=0.3 \
 time_bomb=0.3 timebomb=0.3 mortar_bomb=0.4 depth_charge=0.6 cannonball=0.15 cannon_ball=0.15 \
 cannonballs=0.15 pipe_bomb=0.3 nuke=1.5 atom_bomb=1.5 atomic_bomb=1.5 warhead=1.5 \
 smoke_bomb=0.15 stink_bomb=0.1
shield: shields=1.0 buckler=0.4 targe=0.6 riot_shield=1.0 kite_shield=1.2 round_shield=0.8 \
 coat_of_arms=1.0 escutcheon=0.8 heraldic_shield=1.0
military-helmet: pickelhaube=0.35 great_helm=0.35 bascinet=0.35
"""),
    ("thing", """
syringe: hypodermic=0.15 hypodermic_needle=0.15 injection=0.15 vaccine=0.1 vaccination=0.1 \
 inoculation=0.1 needle_and_syringe=0.15 epipen=0.15 insulin_pen=0.15 cannula=0.05 \
 vaccine_vial=0.05
pill: pills=0.02 tablets=0.02 capsules=0.02 medicine=0.1 medicines=0.1 medication=0.1 \
 painkiller=0.02 painkillers=0.02 aspirin=0.02 paracetamol=0.02 antibiotics=0.02 vitamins=0.02 \
 sleeping_pills=0.02 pill_box=0.05 pillbox=0.05 lozenge=0.02 cough_sweet=0.02 prescription=0.1
adhesive-bandage: sticking_plaster=0.05 band-aid=0.05 bandaid=0.05 bandage=0.15 bandages=0.15 \
 gauze=0.1
stethoscope: stethoscopes=0.7 medical_instruments=0.3 doctors_kit=0.3
crutch: crutches=1.2
white-cane: blind_cane=1.2 long_cane=1.2 guide_cane=1.2
x-ray: xray=0.4 x-rays=0.4 xrays=0.4 radiograph=0.4 ultrasound=0.4 ultrasound_scan=0.4 \
 mammogram=0.4 light_box=0.5
thermometer: thermometers=0.2
drop-of-blood: bloodstain=0.05 blood_stain=0.05 blood_drop=0.05 blood_sample=0.05 \
 blood_spatter=0.1 pool_of_blood=0.05 bloodstains=0.05 blood_test=0.05
funeral-urn: urn=0.4 urns=0.4 ashes_urn=0.3 burial_urn=0.4 cremation_urn=0.3 canopic_jar=0.4 \
 reliquary=0.3 ossuary=0.5 cinerary_urn=0.3
coffin: sarcophagus=0.8 sarcophagi=0.8 coffins=0.6 bier=0.9 catafalque=1.0 pine_box=0.6 \
 mummy_case=0.8 tomb=1.5 sepulchre=1.5 sepulcher=1.5
headstone: headstones=1.0 tombstones=1.0 gravestones=1.0 graves=1.0 memorial_stone=1.0 \
 grave_marker=0.8 cross_grave=1.0 grave_cross=1.0 gravemarker=0.8 memorial_plaque=0.6 \
 epitaph=1.0
skull: skulls=0.25 cranium=0.2 skeleton_head=0.2 crossbones=0.3
bone: bones=0.3 femur=0.45 ribcage=0.35 rib_cage=0.35 dog_bone=0.2 fossil=0.3 fossils=0.3 \
 dinosaur_bone=1.0 jawbone=0.2 wishbone=0.08
"""),
    ("thing", """
closed-book: tome=0.3 hardback=0.25 hardcover=0.25 paperback=0.18 textbook=0.28 \
 exercise_book=0.25 workbook=0.28 schoolbook=0.25 encyclopedia=0.3 encyclopaedia=0.3 \
 dictionary=0.25 atlas=0.35 bible=0.25 quran=0.25 koran=0.25 torah=0.3 hymnal=0.2 \
 prayer_book=0.18 prayerbook=0.18 psalter=0.2 missal=0.18 guidebook=0.2 handbook=0.2 \
 rulebook=0.2 storybook=0.28 picture_book=0.28 comic_book=0.25 comics=0.25 yearbook=0.3 \
 novels=0.2 grimoire=0.3 spellbook=0.3 spell_book=0.3 logbook=0.3 log_book=0.3 guestbook=0.25 \
 guest_book=0.25 registry_book=0.3 phonebook=0.28 phone_book=0.28 catalogue=0.3 catalog=0.3 \
 brochure=0.2 booklet=0.15 pamphlet=0.15 journal=0.22 diaries=0.2 scrapbook=0.3 \
 photo_album=0.3 sketchbook=0.3 sketch_book=0.3 recipe_book=0.28 cookbook=0.28 \
 cookery_book=0.28 hymn_book=0.2 library_book=0.22 bestseller=0.22
books: bookshelf_books=0.3 pile_of_books=0.3 stack_of_books=0.3 heap_of_books=0.3 \
 library_books=0.3 volumes=0.3 tomes=0.3 textbooks=0.3 encyclopedias=0.3 encyclopaedias=0.3 \
 reading_list=0.3 paperbacks=0.3 hardbacks=0.3
open-book: reading_book=0.25 lectern_book=0.3
ledger: ledgers=0.3 account_book=0.3 accounts_book=0.3 register_book=0.3 cash_book=0.3 \
 day_book=0.3 rent_book=0.2 bank_book=0.2 passbook=0.15 order_book=0.25
notebook: notebooks=0.22 notepad=0.2 note_pad=0.2 jotter=0.2 writing_pad=0.25 memo_pad=0.12 \
 reporters_notebook=0.2 exercise_books=0.25 copybook=0.25 address_book=0.15 filofax=0.2 \
 moleskine=0.2 casebook=0.25 case_notes=0.25 field_notebook=0.2 lab_notebook=0.25
spiral-notepad: spiral_notebook=0.25 spiral_pad=0.25 steno_pad=0.2 reporters_pad=0.2
clipboard: clipboards=0.35 clip_board=0.35 score_card=0.2 scorecard=0.2 checklist=0.3 \
 check_list=0.3 questionnaire=0.3 survey_form=0.3 sign-in_sheet=0.3 application_form=0.3 \
 patient_chart=0.35 medical_chart=0.35
file-folder: folder=0.3 folders=0.3 dossier=0.3 case_file=0.3 manila_folder=0.3 \
 document_folder=0.3 binder=0.3 ring_binder=0.3 lever_arch=0.3 portfolio_folder=0.4 \
 case_files=0.3 paperwork=0.3 documents=0.3 file_box=0.3 archive_box=0.3 records_box=0.3 \
 dossiers=0.3 report_folder=0.3
page-facing-up: sheet_of_paper=0.3 document=0.3 essay=0.3 homework=0.3 manuscript=0.3 \
 screenplay=0.3 typescript=0.3 contract=0.3 last_will=0.3 deeds=0.3 title_deed=0.3 \
 certificate=0.3 diploma=0.3 degree_certificate=0.3 invoice=0.3 affidavit=0.3 subpoena=0.3 \
 summons=0.3 warrant=0.3 search_warrant=0.3 arrest_warrant=0.3 petition=0.3 manifesto=0.3 \
 treaty=0.3 cv=0.3 flyer=0.2 leaflet=0.2 handout=0.3 worksheet=0.3 exam_paper=0.3 \
 test_paper=0.3 menu=0.3 menus=0.3 recipe=0.3 blueprint=0.6 blueprints=0.6 floor_plan=0.6 \
 printout=0.3 print-out=0.3 telegram=0.15 cable_message=0.15
page-with-curl: old_letter=0.25 parchment=0.3 vellum=0.3 papyrus=0.3 curled_page=0.3 \
 yellowed_page=0.3 torn_page=0.3 ransom_note=0.2 note_paper=0.2
scroll: scrolls=0.4 treasure_map=0.4 ancient_map=0.4 old_map=0.4 royal_decree=0.4 decree=0.4 \
 proclamation=0.4 edict=0.4 papyrus_scroll=0.4 torah_scroll=0.5 rolled_map=0.4 \
 rolled_parchment=0.4 commission_scroll=0.4 sutra=0.4
memo: memos=0.2 post-it=0.08 post-it_note=0.08 sticky_note=0.08 sticky_notes=0.08 \
 shopping_list=0.2 to-do_list=0.2 handwritten_note=0.15 scribbled_note=0.15 suicide_note=0.15 \
 jotting=0.15 scrap_of_paper=0.1 slip_of_paper=0.1 iou=0.1
envelope: envelopes=0.12 letters=0.12 mail=0.12 airmail=0.12 postcard=0.1 postcards=0.1 \
 greetings_card=0.15 greeting_card=0.15 birthday_card=0.15 christmas_card=0.15 valentine=0.15 \
 valentines_card=0.15 invitation=0.15 invitations=0.15 wedding_invitation=0.15 fan_mail=0.12 \
 junk_mail=0.12 correspondence=0.12 missive=0.12 epistle=0.12 eviction_notice=0.12
love-letter: love_letters=0.12 billet-doux=0.12 sealed_letter=0.12 wax_seal=0.05
incoming-envelope: email=0.15 emails=0.15 e-mails=0.15 inbox=0.15 text_message=0.15
newspaper: newspapers=0.4 broadsheet=0.5 tabloid=0.4 gazette=0.4 daily_paper=0.4 \
 evening_paper=0.4 morning_paper=0.4 sunday_paper=0.4 headline=0.4 headlines=0.4 \
 front_page=0.4 magazine=0.3 magazines=0.3 periodical=0.3 fanzine=0.3 zine=0.3 newsletter=0.3 \
 newsprint=0.4 news_sheet=0.3 program_booklet=0.25
rolled-up-newspaper: rolled_newspaper=0.4 folded_newspaper=0.3 rolled_magazine=0.3
label: labels=0.05 price_tag=0.05 luggage_tag=0.08 luggage_label=0.08 sticker=0.05 \
 stickers=0.05 toe_tag=0.08 barcode=0.05
pushpin: drawing_pin=0.02 thumbtack=0.02 thumbtacks=0.02 drawing_pins=0.02 map_pin=0.03 \
 push_pin=0.02 hatpin=0.1
paperclip: paper_clip=0.03 paper_clips=0.03 bulldog_clip=0.04 binder_clip=0.04
pencil: pencils=0.18 colouring_pencils=0.18 coloured_pencils=0.18 crayons=0.1 stylus=0.15 \
 graphite_pencil=0.18 carpenters_pencil=0.18
pen: pens=0.14 ballpoint=0.14 biro=0.14 ballpoint_pen=0.14 felt-tip=0.14 felt_tip=0.14 \
 marker_pen=0.14 highlighter=0.14 felt-tip_pen=0.14 sharpie=0.14 gel_pen=0.14 rollerball=0.14 \
 biros=0.14
fountain-pen: nib=0.05 dip_pen=0.18 ink_pen=0.15 calligraphy_pen=0.18 fountain_pens=0.15 \
 inkpen=0.15 reed_pen=0.2 quill_and_ink=0.3
black-nib: pen_nib=0.05 steel_nib=0.05 nibs=0.05 writing_nib=0.05
triangular-ruler: protractor=0.1 set-square=0.2 geometry_set=0.2 drafting_triangle=0.2 \
 t-square=0.6
abacus: abacuses=0.3 counting_frame=0.3 bead_frame=0.3 soroban=0.3
calendar: calendars=0.4 desk_calendar=0.15 wall_calendar=0.5 datebook=0.2 almanac=0.3 \
 advent_calendar=0.5 appointment_book=0.25 rota=0.3
placard: placards=1.5 picket_sign=1.5 protest_sign=1.5 signboard=1.2 sandwich_board=1.0 \
 for_sale_sign=1.5 sold_sign=1.5 estate_agents_board=1.5 wanted_poster=0.5 wanted_sign=0.5 \
 shop_sign=0.8 inn_sign=0.8 pub_sign=0.8 name_board=0.8
ballot-box-with-ballot: ballot_box=0.5 ballot=0.1 ballots=0.1 voting_slip=0.1 ballot_paper=0.1 \
 ballot_papers=0.1 suggestion_box=0.4 collection_box=0.4 donation_box=0.4 charity_box=0.3
inbox-tray: in-tray=0.1 out-tray=0.1 in_tray=0.1 letter_tray=0.1 paper_tray=0.1 \
 filing_tray=0.1 desk_tidy=0.1
outbox-tray: out_tray=0.1 outgoing_tray=0.1
card-index: index_cards=0.1 index_card=0.1 rolodex=0.15 card_catalogue=0.5 card_catalog=0.5 \
 flashcards=0.1 flash_cards=0.1 flashcard=0.1 cue_cards=0.1 cue_card=0.1 recipe_cards=0.1 \
 record_card=0.1
bar-chart: graph=0.5 graphs=0.5 pie_chart=0.5 histogram=0.5 diagram=0.5 infographic=0.5 \
 flipchart=1.5 flip_chart=1.5 spreadsheet=0.5
"""),
)
