"""Builds claims.jsonl: an adversarial (passage, claim) set for the sentence-support check.

Every passage was written for this set (not copied from the corpus). Municipality and
association names (Fjellvik, Lidvik, Norrvik, Älvdal, Strandby) and local figures are
invented. Each group is one passage with 6-8 claims; the label follows from the kind.

Run:  python eval/claims/build_claims.py   (rewrites eval/claims/claims.jsonl)
Then: python eval/claims/check_claims.py
"""

from __future__ import annotations

import json
from pathlib import Path

SUPPORTED_KINDS = {"paraphrase", "entailed_subset"}
UNSUPPORTED_KINDS = {
    "negation",
    "antonym",
    "number_swap",
    "role_swap",
    "modality_shift",
    "invented_entity",
    "unrelated",
}
KIND = {
    "P": "paraphrase",
    "S": "entailed_subset",
    "N": "negation",
    "A": "antonym",
    "NS": "number_swap",
    "R": "role_swap",
    "M": "modality_shift",
    "I": "invented_entity",
    "U": "unrelated",
}

# Each group: (passage language, passage, [(kind, claim) or (kind, claim, claim language)])
GROUPS: list[tuple[str, str, list[tuple[str, ...]]]] = [
    # ------------------------------------------------------------------ nb (19)
    (
        "nb",
        "Koordinerende enhet i Fjellvik kommune skal registrere alle meldinger om behov for individuell plan "
        "innen fem virkedager etter mottak. Planarbeidet kan ikke starte før tjenestemottakeren har gitt samtykke. "
        "Mangler personen samtykkekompetanse, avgjør den som kan samtykke på personens vegne om plan skal utarbeides.",
        [
            ("P", "Samtykke fra tjenestemottakeren må foreligge før arbeidet med planen settes i gang."),
            (
                "P",
                "In Fjellvik, the coordinating unit has five working days to log each notice that someone may need an individual plan.",
                "en",
            ),
            (
                "S",
                "Hvis personen selv ikke er i stand til å samtykke, er det den som samtykker på vegne av vedkommende som bestemmer om det lages plan.",
            ),
            ("N", "Planarbeidet kan starte før tjenestemottakeren har gitt samtykke."),
            (
                "NS",
                "Koordinerende enhet i Fjellvik kommune skal registrere alle meldinger om behov for individuell plan innen ti virkedager etter mottak.",
            ),
            (
                "R",
                "Fastlegen i Fjellvik kommune skal registrere alle meldinger om behov for individuell plan innen fem virkedager etter mottak.",
            ),
            (
                "I",
                "The coordinating unit must also send the person a written acknowledgement within five working days.",
                "en",
            ),
        ],
    ),
    (
        "nb",
        "Pasienter og brukere som trenger komplekse eller langvarige og koordinerte tjenester, skal få tilbud om koordinator. "
        "Dette gjelder også når personen takker nei til individuell plan. Koordinerende enhet oppnevner koordinator, og "
        "brukerens ønsker skal tillegges vekt. Koordinator bør som hovedregel være en av tjenesteyterne personen allerede har.",
        [
            (
                "P",
                "Selv om brukeren ikke ønsker individuell plan, har vedkommende krav på å bli tilbudt en koordinator.",
            ),
            ("S", "Det er koordinerende enhet som utnevner koordinatoren."),
            ("S", "Brukerens ønsker skal telle med når koordinator velges."),
            ("P", "Koordinatorn bör i regel vara någon av dem som redan ger personen insatser.", "sv"),
            ("N", "Tilbudet om koordinator gjelder ikke når personen takker nei til individuell plan."),
            ("M", "The coordinator must be one of the service providers the person already has.", "en"),
            ("R", "Fastlegen oppnevner koordinator, og brukerens ønsker skal tillegges vekt."),
            ("A", "Brukerens ønsker skal ses bort fra når koordinator velges."),
        ],
    ),
    (
        "nb",
        "Oppfølgingsteam er en fellesbetegnelse på de tjenesteyterne som til enhver tid gir tjenester til personen, og teamet "
        "ledes av en oppnevnt koordinator. Teamet skal ha en plan med mål, delmål og tiltak, og planen skal evalueres minst "
        "hver tredje måned. Oppfølgingsteamet er ikke et nytt spesialistteam, men erstatter ansvarsgruppen i kommunens rutiner.",
        [
            (
                "P",
                "Teamet består av dem som for øyeblikket yter tjenester til personen, under ledelse av koordinatoren.",
            ),
            ("S", "Planen til oppfølgingsteamet skal inneholde mål, delmål og tiltak."),
            (
                "P",
                "Oppfølgingsteamet er ikke et nytt spesialistteam; i kommunens rutiner trer det i stedet for ansvarsgruppen.",
            ),
            ("N", "Oppfølgingsteamet er et nytt spesialistteam."),
            ("NS", "Planen skal evalueres minst hver sjette måned."),
            ("R", "Teamet ledes av fastlegen."),
            ("U", "Kommunen kan søke Helsedirektoratet om tilskudd til å etablere oppfølgingsteam."),
        ],
    ),
    (
        "nb",
        "Ved oppstart av tjenester, eller etter store endringer, bør koordinator bruke skjemaet «Hva er viktig for deg?». "
        "Personen noterer de tre til fem aktivitetene som er viktigst, og hver aktivitet skåres fra 0 til 10. "
        "Skjemaet egner seg dårlig når personen har betydelig kognitiv svikt.",
        [
            (
                "P",
                "Koordinatoren anbefales å ta i bruk «Hva er viktig for deg?» når tjenestene starter eller situasjonen endrer seg vesentlig.",
            ),
            ("S", "Hver aktivitet får en skår mellom 0 og 10."),
            ("P", "Personen skriver ned mellom tre og fem aktiviteter som betyr mest for henne eller ham."),
            ("P", "Skemaet er mindre velegnet til personer med betydelig kognitiv svækkelse.", "da"),
            ("M", "Ved oppstart av tjenester skal koordinator bruke skjemaet «Hva er viktig for deg?»."),
            ("NS", "Personen noterer de fem til ti aktivitetene som er viktigst."),
            ("A", "Skjemaet egner seg særlig godt når personen har betydelig kognitiv svikt."),
        ],
    ),
    (
        "nb",
        "NAV-kontoret skal sørge for at det utarbeides individuell plan for personer som deltar i kvalifiseringsprogrammet. "
        "NAV har en selvstendig plikt til å ta initiativ til planarbeidet og skal samarbeide med andre tjenesteytere. "
        "Planen gir ikke personen rett til flere ytelser enn det som følger av vedtakene.",
        [
            ("P", "For deltakere i kvalifiseringsprogrammet må NAV-kontoret påse at en individuell plan blir laget."),
            ("S", "NAV har en egen, selvstendig plikt til å sette i gang planarbeidet."),
            ("S", "NAV-kontoret skal samarbeide med andre tjenesteytere om planen."),
            (
                "R",
                "Kommunens helsetjeneste skal sørge for at det utarbeides individuell plan for personer som deltar i kvalifiseringsprogrammet.",
            ),
            ("N", "Planen gir personen rett til flere ytelser enn det som følger av vedtakene."),
            (
                "I",
                "NAV must prepare the individual plan within four weeks of the person starting the qualification programme.",
                "en",
            ),
            ("A", "NAV skal utarbeide planen alene."),
        ],
    ),
    (
        "nb",
        "Fastlegen har ansvaret for den medisinske koordineringen av pasientene på sin liste. Koordinerende enhet har det "
        "overordnede ansvaret for individuell plan og for oppnevning, opplæring og veiledning av koordinatorer. Fastlegen bør "
        "delta i oppfølgingsteamet når det er medisinske problemstillinger, men kan delta per telefon.",
        [
            ("P", "Det medisinske koordineringsansvaret for listepasientene ligger hos fastlegen."),
            ("S", "Opplæring av koordinatorer hører inn under koordinerende enhets ansvar."),
            (
                "P",
                "Where medical issues are involved, the GP should take part in the follow-up team, and may do so by phone.",
                "en",
            ),
            (
                "R",
                "Koordinerende enhet har ansvaret for den medisinske koordineringen av pasientene på fastlegens liste.",
            ),
            ("R", "Fastlegen har det overordnede ansvaret for individuell plan og for oppnevning av koordinatorer."),
            ("M", "Fastlegen skal delta i oppfølgingsteamet når det er medisinske problemstillinger."),
            ("N", "Fastlegen kan ikke delta i oppfølgingsteamet per telefon."),
        ],
    ),
    (
        "nb",
        "Familier som har eller venter barn under 18 år med alvorlig sykdom, skade eller nedsatt funksjonsevne, har rett til "
        "barnekoordinator dersom barnet vil trenge langvarige og sammensatte eller koordinerte helse- og omsorgstjenester og "
        "andre velferdstjenester. Kommunen oppnevner barnekoordinator når foreldrene ønsker det. Det stilles ikke krav om diagnose.",
        [
            ("P", "Retten til barnekoordinator forutsetter ingen diagnose."),
            ("S", "Retten til barnekoordinator kan gjelde allerede før barnet er født."),
            (
                "P",
                "Families with a child under 18 who has a serious illness, injury or disability are entitled to a child coordinator if the child will need long-term, complex or coordinated health and care services as well as other welfare services.",
                "en",
            ),
            ("NS", "Familier med barn under 16 år med alvorlig sykdom har rett til barnekoordinator."),
            ("A", "Kommunen oppnevner barnekoordinator uavhengig av hva foreldrene ønsker."),
            ("N", "Det stilles krav om diagnose for å få barnekoordinator."),
            ("I", "Barnekoordinatoren skal ha minst tre års erfaring fra barnevernet."),
            ("R", "Helseforetaket oppnevner barnekoordinator når foreldrene ønsker det."),
        ],
    ),
    (
        "nb",
        "Helsepersonell kan gi opplysninger til samarbeidende helsepersonell når det er nødvendig for å gi forsvarlig helsehjelp, "
        "med mindre pasienten motsetter seg det. Dette gjelder også på tvers av virksomheter. Skole, PP-tjenesten og barnevernet "
        "er ikke omfattet, og deling med disse krever som hovedregel samtykke.",
        [
            (
                "P",
                "Så lenge pasienten ikke protesterer, kan nødvendige opplysninger deles med annet helsepersonell som deltar i helsehjelpen, også i andre virksomheter.",
            ),
            ("S", "Som hovedregel må pasienten samtykke før opplysninger gis til barnevernet."),
            ("S", "Regelen om deling mellom helsepersonell gjelder også når de arbeider i ulike virksomheter."),
            ("N", "Deling med skole og PP-tjenesten krever som hovedregel ikke samtykke."),
            (
                "A",
                "Helsepersonell kan gi opplysninger til samarbeidende helsepersonell bare når pasienten uttrykkelig ber om det.",
            ),
            (
                "M",
                "Health personnel must pass information to cooperating health personnel whenever it is needed for sound care.",
                "en",
            ),
            ("U", "Opplysninger i pasientjournalen skal slettes etter ti år."),
            (
                "R",
                "Skole og PP-tjenesten regnes som samarbeidende helsepersonell, slik at opplysninger kan deles med dem når det er nødvendig for helsehjelpen.",
            ),
        ],
    ),
    (
        "nb",
        "Vedtak om koordinator og individuell plan kan påklages til Statsforvalteren. Klagefristen er fire uker fra vedtaket "
        "ble mottatt. Klagen sendes til den tjenesten som fattet vedtaket, som skal vurdere saken på nytt før den eventuelt oversendes.",
        [
            ("P", "Den som er uenig i vedtaket om koordinator, kan ta saken videre til Statsforvalteren."),
            ("P", "Man har fire uker på seg til å klage, regnet fra mottak av vedtaket."),
            ("S", "Tjenesten som fattet vedtaket, må se på saken igjen før den eventuelt sendes videre."),
            ("NS", "Klagefristen er tre uker fra vedtaket ble mottatt."),
            (
                "R",
                "Klagen sendes direkte til Statsforvalteren, som skal vurdere saken på nytt før den eventuelt oversendes.",
            ),
            ("A", "Klagefristen regnes fra den dagen vedtaket ble fattet."),
            ("I", "Klagen kan også sendes til Helsetilsynet."),
        ],
    ),
    (
        "nb",
        "Kommunen skal ha én tydelig inngang for melding om behov for tjenester, uten sideinnganger. Fastleger, forvaltningskontoret "
        "og koordinerende enhet er de viktigste melderne og bør møtes fast hver sjette uke. En melding om behov er ikke en bestilling "
        "av tjenester; det er bare forvaltningskontoret som kan fatte vedtak.",
        [
            ("P", "Å melde et behov er noe annet enn å bestille en tjeneste."),
            ("S", "Kun forvaltningskontoret har myndighet til å treffe vedtak om tjenester."),
            (
                "S",
                "GPs, the allocation office and the coordinating unit are the key reporters and should meet regularly every six weeks.",
                "en",
            ),
            ("R", "Det er kun den koordinerende enhed, der kan træffe afgørelse om ydelser.", "da"),
            ("NS", "Melderne bør møtes fast hver fjerde uke."),
            ("M", "Fastleger, forvaltningskontoret og koordinerende enhet skal møtes fast hver sjette uke."),
            ("A", "Kommunen skal ha flere parallelle innganger for melding om behov for tjenester."),
        ],
    ),
    (
        "nb",
        "Fjellvik kommune deltok i piloten med strukturert tverrfaglig oppfølging fra 1. september 2018 til 31. desember 2023. "
        "I 2022 fikk 214 personer oppfølging i oppfølgingsteam, mot 158 året før. Om lag to av tre hadde tre eller flere kroniske tilstander.",
        [
            ("P", "Antallet personer med oppfølgingsteam i Fjellvik steg fra 158 i 2021 til 214 i 2022."),
            ("P", "Om lag to tredjedeler av dem som fikk oppfølging i 2022, hadde minst tre kroniske tilstander."),
            ("S", "Piloten varte i Fjellvik til utgangen av 2023."),
            ("NS", "I 2022 fikk 241 personer oppfølging i oppfølgingsteam."),
            ("NS", "Fjellvik kommune deltok i piloten fra 1. september 2019."),
            ("A", "Antallet personer i oppfølgingsteam gikk ned fra 2021 til 2022."),
            ("I", "Piloten i Fjellvik ble finansiert av Helsedirektoratet med 4 millioner kroner."),
        ],
    ),
    (
        "nb",
        "En norsk studie fant at om lag 6,7 prosent av de voksne innbyggerne hadde store og sammensatte behov ut fra sykehusdata, "
        "og 6,3 prosent ut fra fastlegedata. Bare 21,5 prosent av dem ble funnet i begge datakildene. Forfatterne anbefaler at "
        "kommunene ikke bruker én datakilde alene.",
        [
            (
                "P",
                "Sykehusdataene pekte ut litt flere voksne med store og sammensatte behov enn fastlegedataene gjorde.",
            ),
            ("S", "Ifølge fastlegedata hadde om lag 6,3 prosent av de voksne store og sammensatte behov."),
            ("P", "Bare drøyt en femtedel av dem, 21,5 prosent, ble fanget opp i begge datakildene."),
            ("A", "De fleste ble funnet i begge datakildene."),
            ("NS", "Om lag 7,6 prosent av de voksne innbyggerne hadde store og sammensatte behov ut fra sykehusdata."),
            ("N", "Forfatterne anbefaler at kommunene bruker én datakilde alene."),
            (
                "R",
                "En norsk studie fant at om lag 6,7 prosent av de voksne innbyggerne hadde store og sammensatte behov ut fra fastlegedata, og 6,3 prosent ut fra sykehusdata.",
            ),
        ],
    ),
    (
        "nb",
        "Helse- og omsorgsetaten har satt av 1,2 millioner kroner i 2025 til opplæring av koordinatorer. Alle nye koordinatorer "
        "skal gjennomføre et grunnkurs på to dager innen seks måneder etter at de er oppnevnt. Koordinerende enhet har ansvaret "
        "for opplæringen og skal gi veiledning ved behov.",
        [
            (
                "P",
                "Nyoppnevnte koordinatorer må ta et todagers grunnkurs i løpet av det første halvåret etter oppnevningen.",
            ),
            ("S", "Opplæringen av koordinatorer er koordinerende enhets ansvar."),
            ("S", "Det er satt av penger til opplæring av koordinatorer i 2025."),
            (
                "P",
                "The health and care department has budgeted NOK 1.2 million for coordinator training in 2025.",
                "en",
            ),
            ("NS", "Helse- og omsorgsetaten har satt av 2,1 millioner kroner i 2025 til opplæring av koordinatorer."),
            (
                "M",
                "Alle nye koordinatorer bør gjennomføre et grunnkurs på to dager innen seks måneder etter at de er oppnevnt.",
            ),
            ("R", "NAV-kontoret har ansvaret for opplæringen og skal gi veiledning ved behov."),
            ("I", "Grundkursen avslutas med ett skriftligt prov som koordinatorerna måste klara.", "sv"),
            ("U", "Erfarne koordinatorer kan få dekket videreutdanning i rehabilitering."),
        ],
    ),
    (
        "nb",
        "Når pasienten samtykker, skal nærmeste pårørende som hovedregel få informasjon om pasientens helsetilstand og den "
        "helsehjelpen som gis. Pasienten kan begrense hvilke opplysninger som gis. Retten gjelder bare nærmeste pårørende, "
        "ikke andre familiemedlemmer.",
        [
            (
                "P",
                "Med pasientens samtykke har nærmeste pårørende normalt krav på å bli orientert om hvordan pasienten har det helsemessig, og om behandlingen som gis.",
            ),
            ("S", "Pasienten kan bestemme at enkelte opplysninger ikke skal gis til pårørende."),
            (
                "P",
                "De nærmeste pårørende har som udgangspunkt ret til oplysninger om patientens helbredstilstand og behandling, hvis patienten giver samtykke.",
                "da",
            ),
            ("N", "Retten gjelder også andre familiemedlemmer enn nærmeste pårørende."),
            ("A", "As a rule, the nearest relative must be given information when the patient objects.", "en"),
            ("R", "Nærmeste pårørende kan begrense hvilke opplysninger som gis til pasienten."),
            ("U", "Nærmeste pårørende har rett til å lese hele pasientjournalen."),
        ],
    ),
    (
        "nb",
        "Når en pasient er utskrivningsklar, skal sykehuset varsle kommunen samme dag via PLO-melding. Kommunen bør svare før "
        "kl. 14 samme dag om den kan ta imot pasienten. Utskrivningsrapporten sendes til sykepleietjenesten, mens helseopplysninger "
        "går til saksbehandler.",
        [
            (
                "P",
                "Sykehuset må gi kommunen beskjed med elektronisk pleie- og omsorgsmelding den dagen pasienten blir utskrivningsklar.",
            ),
            ("S", "Helseopplysninger adresseres til saksbehandler."),
            ("S", "Utskrivningsrapporten adresseres til sykepleietjenesten."),
            ("R", "Utskrivningsrapporten sendes til saksbehandler, mens helseopplysninger går til sykepleietjenesten."),
            ("NS", "Kommunen bør svare før kl. 12 samme dag om den kan ta imot pasienten."),
            ("A", "Sykehuset skal varsle kommunen dagen etter at pasienten er utskrivningsklar."),
            ("M", "Kommunen skal svare før kl. 14 samme dag om den kan ta imot pasienten."),
        ],
    ),
    (
        "nb",
        "Tjenestetilbudet skal så langt som mulig utformes i samarbeid med pasienten. Pasienten har rett til å medvirke ved valg "
        "mellom tilgjengelige og forsvarlige metoder, men kan ikke kreve en metode som fagfolkene vurderer som mindre forsvarlig. "
        "Barn skal høres i samsvar med alder og modenhet.",
        [
            (
                "P",
                "Medvirkningsretten gir ikke pasienten krav på en metode helsepersonellet anser som mindre forsvarlig.",
            ),
            ("S", "Barn skal få si sin mening, tilpasset alder og modenhet."),
            (
                "P",
                "Patienten har rätt att vara delaktig när man väljer mellan tillgängliga och försvarliga metoder.",
                "sv",
            ),
            ("N", "Pasienten kan kreve en metode som fagfolkene vurderer som mindre forsvarlig."),
            ("A", "Tjenestetilbudet skal utformes av fagfolkene alene."),
            ("M", "Tjenestetilbudet bør så langt som mulig utformes i samarbeid med pasienten."),
            ("U", "Pasienten har rett til å velge hvilken kommune som skal yte tjenestene."),
        ],
    ),
    (
        "nb",
        "I 2024 mottok koordinerende enhet 187 meldinger om behov for individuell plan, en økning på 23 prosent fra året før. "
        "Gjennomsnittlig saksbehandlingstid var 11 dager. Enheten hadde 2,5 årsverk ved utgangen av året.",
        [
            ("P", "Antallet meldinger om behov for individuell plan økte med 23 prosent fra 2023 til 2024, til 187."),
            ("S", "I snitt tok det 11 dager å behandle en sak."),
            ("P", "Ved årets slutt hadde enheten to og et halvt årsverk."),
            ("NS", "I 2024 mottok koordinerende enhet 178 meldinger om behov for individuell plan."),
            ("A", "Antallet meldinger gikk ned med 23 prosent fra året før."),
            ("R", "I 2024 mottok NAV-kontoret 187 meldinger om behov for individuell plan."),
            ("I", "Of the 187 notices, 142 led to an individual plan being prepared.", "en"),
        ],
    ),
    (
        "nb",
        "Pasienter med alvorlig sykdom, skade eller lidelse som trenger behandling eller oppfølging av spesialisthelsetjenesten av "
        "en viss varighet, har rett til kontaktlege. Helseforetaket skal utpeke kontaktlegen. Kontaktlegen skal være pasientens "
        "faste medisinskfaglige kontaktperson i spesialisthelsetjenesten.",
        [
            ("P", "Det er helseforetaket som bestemmer hvem som skal være kontaktlege."),
            (
                "S",
                "Pasienter med alvorlig sykdom som trenger spesialisthelsetjenester over en viss tid, har rett til kontaktlege.",
            ),
            (
                "P",
                "I spesialisthelsetjenesten skal pasienten ha én fast lege å forholde seg til i medisinske spørsmål.",
            ),
            ("R", "Kommunen skal utpeke kontaktlegen."),
            ("R", "Fastlegen skal være pasientens faste medisinskfaglige kontaktperson i spesialisthelsetjenesten."),
            (
                "A",
                "Retten til kontaktlege gjelder pasienter som trenger kortvarig oppfølging av spesialisthelsetjenesten.",
            ),
            ("M", "Helseforetaket kan utpeke kontaktlegen."),
        ],
    ),
    (
        "nb",
        "Fra 1. august 2022 har kommunen plikt til å samordne tjenestetilbudet til barn og unge som trenger tjenester fra flere "
        "velferdstjenester. Ordet «samordne» ble valgt for at det ikke skulle forveksles med koordinatorrollen i helsetjenesten. "
        "Endringene gjaldt 14 velferdslover.",
        [
            ("P", "Begrepet «samordne» ble brukt for å unngå sammenblanding med helsetjenestens koordinator."),
            ("S", "Lovendringene omfattet fjorten velferdslover."),
            ("S", "Plikten til å samordne tilbudet ligger hos kommunen."),
            (
                "P",
                "Siden august 2022 har kommunene vært forpliktet til å samordne tilbudet når barn og unge trenger tjenester fra flere velferdsområder.",
            ),
            (
                "NS",
                "Fra 1. august 2021 har kommunen plikt til å samordne tjenestetilbudet til barn og unge som trenger tjenester fra flere velferdstjenester.",
            ),
            (
                "M",
                "Since 1 August 2022, municipalities may coordinate services for children and young people who need several welfare services.",
                "en",
            ),
            ("R", "Fra 1. august 2022 har helseforetaket plikt til å samordne tjenestetilbudet til barn og unge."),
            ("U", "Kommunen får et øremerket statlig tilskudd for å oppfylle samordningsplikten."),
        ],
    ),
    # ------------------------------------------------------------------ nn (7)
    (
        "nn",
        "Koordinerande eining i Lidvik kommune skal ha det overordna ansvaret for arbeidet med individuell plan og for å oppnemne, "
        "lære opp og rettleie koordinatorar. Eininga er kommunen si interne adresse for meldingar om mogleg behov for habilitering "
        "og rehabilitering. For individuell plan og koordinator gjeld ansvaret alle pasient- og brukargrupper.",
        [
            (
                "P",
                "Innanfor kommunen er det koordinerande eining som tek imot meldingar om at nokon kan ha behov for habilitering eller rehabilitering.",
            ),
            ("S", "Koordinerande eining har ansvaret for å lære opp koordinatorar."),
            (
                "P",
                "As regards individual plans and coordinators, the unit is responsible for every patient and user group.",
                "en",
            ),
            (
                "A",
                "For individuell plan og koordinator gjeld ansvaret berre habiliterings- og rehabiliteringspasientar.",
            ),
            ("R", "Fastlegen skal ha det overordna ansvaret for arbeidet med individuell plan."),
            ("M", "Koordinerande eining bør ha det overordna ansvaret for arbeidet med individuell plan."),
            ("I", "Koordinerande eining skal godkjenne alle individuelle planar før dei blir tekne i bruk."),
        ],
    ),
    (
        "nn",
        "Oppfølgingsteamet bør møtast minst fire gonger i året. Brukaren skal alltid inviterast, og pårørande kan delta dersom "
        "brukaren ønskjer det. Referat skal førast i journalen innan tre verkedagar etter møtet.",
        [
            ("P", "Det er tilrådd at teamet har minst fire møte årleg."),
            ("S", "Pårørande kan vere med på møta når brukaren vil det."),
            ("P", "Brukaren ska alltid bjudas in till teamets möten.", "sv"),
            ("NS", "Referat skal førast i journalen innan fem verkedagar etter møtet."),
            ("M", "Oppfølgingsteamet skal møtast minst fire gonger i året."),
            ("R", "Pårørande kan delta dersom koordinatoren ønskjer det."),
            ("N", "Brukaren treng ikkje inviterast til alle møta."),
        ],
    ),
    (
        "nn",
        "Planen skal innehalde brukaren sine mål, ressursar og behov for tenester. Han skal òg vise kven som er koordinator, og kva "
        "tiltak som skal setjast i verk, med omfang og kven som har ansvaret. Den individuelle planen gir ikkje i seg sjølv rett "
        "til fleire tenester.",
        [
            ("P", "At ein person har individuell plan, gir han ikkje krav på meir tenester enn han elles ville fått."),
            ("S", "Det skal gå fram av planen kven som er koordinator."),
            ("S", "The plan must set out the user's goals, resources and service needs.", "en"),
            ("N", "Den individuelle planen gir i seg selv rett til flere tjenester.", "nb"),
            ("M", "Planen bør vise kven som er koordinator."),
            ("I", "Planen skal òg innehalde ei kostnadsoversikt for kvart tiltak."),
            ("U", "Planen skal reviderast kvart år."),
        ],
    ),
    (
        "nn",
        "Kommunen har 12 plassar for korttidsrehabilitering. Opphaldet varer normalt i inntil fire veker og kan forlengjast med to "
        "veker etter ny vurdering. Søknad skal sendast til tildelingskontoret.",
        [
            (
                "P",
                "Eit vanleg opphald er på høgst fire veker, men det kan utvidast med to veker dersom ei ny vurdering tilseier det.",
            ),
            ("S", "Det finst tolv korttidsrehabiliteringsplassar i kommunen."),
            ("P", "Ansøgningen skal sendes til visitationen.", "da"),
            ("NS", "Kommunen har 21 plassar for korttidsrehabilitering."),
            ("R", "Søknad skal sendast til fastlegen."),
            ("A", "Opphaldet kan kortast ned med to veker etter ny vurdering."),
            ("I", "Opphaldet kostar 180 kroner per døgn."),
        ],
    ),
    (
        "nn",
        "Fastlegen har ansvaret for den medisinske koordineringa for pasientane på lista si. Heimesjukepleia skal melde frå til "
        "fastlegen ved endringar i legemiddelbruken, og fastlegen bør svare innan to verkedagar.",
        [
            ("P", "Når legemiddelbruken endrar seg, må heimesjukepleia gi beskjed til fastlegen."),
            ("S", "Fastlegen er tilrådd å svare heimesjukepleia innan to verkedagar."),
            ("P", "The regular GP is responsible for medical coordination for the patients on their list.", "en"),
            ("R", "Fastlegen skal melde frå til heimesjukepleia ved endringar i legemiddelbruken."),
            ("M", "Fastlegen skal svare innan to verkedagar."),
            ("NS", "Fastlegen bør svare innan tre verkedagar."),
            ("U", "Heimesjukepleia kan sjølv endre dosen dersom fastlegen ikkje svarar i tide."),
        ],
    ),
    (
        "nn",
        "Barnekoordinatoren skal hjelpe familien med å samordne tenestene og gi informasjon og rettleiing, mellom anna om pasient- "
        "og brukarorganisasjonar. Barnekoordinatoren skal òg sørgje for framdrift i arbeidet med individuell plan. Kommunen kan "
        "ikkje krevje at barnet har ein diagnose før det blir oppnemnt barnekoordinator.",
        [
            ("P", "Ein diagnose er ikkje eit vilkår for å få oppnemnt barnekoordinator."),
            ("S", "Barnekoordinatoren skal informere familien om pasient- og brukarorganisasjonar."),
            ("P", "Barnkoordinatorn ska se till att arbetet med den individuella planen går framåt.", "sv"),
            ("N", "Kommunen kan krevje at barnet har ein diagnose før det blir oppnemnt barnekoordinator."),
            ("R", "Koordinerande eining skal sørgje for framdrift i arbeidet med individuell plan."),
            ("M", "Barnekoordinatoren kan hjelpe familien med å samordne tenestene."),
            ("I", "Barnekoordinatoren skal ha minst eitt møte med familien kvar månad."),
        ],
    ),
    (
        "nn",
        "Kommunen bør ha eit system for tidleg identifisering både på befolkningsnivå og på tenestenivå. På befolkningsnivå gjeld "
        "det personar som enno ikkje er i kontakt med tenestene. Oppsøkjande verksemd bør rettast mot grupper med høg risiko.",
        [
            ("P", "Arbeidet på befolkningsnivå handlar om menneske som tenestene framleis ikkje har kontakt med."),
            ("S", "Outreach should be aimed at high-risk groups.", "en"),
            ("S", "Det er tilrådd at kommunen identifiserer tidleg også på tenestenivå."),
            ("A", "Oppsøkjande verksemd bør rettast mot grupper med låg risiko."),
            ("A", "På befolkningsnivå gjeld det personar som allereie får tenester."),
            ("M", "Kommunen skal ha eit system for tidleg identifisering både på befolkningsnivå og på tenestenivå."),
            ("U", "Fastlegen skal gjennomføre årlege helsesjekkar for alle over 75 år."),
        ],
    ),
    # ------------------------------------------------------------------ sv (13)
    (
        "sv",
        "En samordnad individuell plan (SIP) ska upprättas när den enskilde behöver insatser från både socialtjänsten och hälso- "
        "och sjukvården och kommunen eller regionen bedömer att en plan behövs. Det räcker att en av huvudmännen gör den bedömningen. "
        "Planen får inte upprättas utan den enskildes samtycke.",
        [
            ("P", "Huvudmännen behöver inte vara överens om att en SIP behövs; det är nog att en av dem anser det."),
            ("S", "SIP kräver att personen har samtyckt."),
            ("S", "Kommunens bedömning räcker för att en SIP ska upprättas, om de övriga villkoren är uppfyllda."),
            (
                "P",
                "SIP skal utarbeides når personen trenger tjenester både fra sosialtjenesten og helsetjenesten, og kommunen eller regionen mener at en plan trengs.",
                "nb",
            ),
            ("A", "Både kommunen och regionen måste bedöma att en plan behövs."),
            ("N", "Planen får upprättas utan den enskildes samtycke."),
            (
                "R",
                "A coordinated individual plan must be drawn up when Försäkringskassan considers that a plan is needed.",
                "en",
            ),
            (
                "M",
                "En SIP kan upprättas när den enskilde behöver insatser från både socialtjänsten och hälso- och sjukvården.",
            ),
        ],
    ),
    (
        "sv",
        "Arbetet med planen ska påbörjas utan dröjsmål, i regel inom några dagar. Av planen ska det framgå vilka insatser som "
        "behövs, vilken huvudman som ansvarar för vad och vem som har det övergripande ansvaret. Närstående får delta om det är "
        "lämpligt och den enskilde inte motsätter sig det.",
        [
            ("P", "Det ska stå i planen vem som har huvudansvaret."),
            ("S", "Planeringen ska komma igång snabbt, normalt inom några få dagar."),
            ("P", "Relatives may take part where appropriate, provided the person does not object.", "en"),
            ("N", "Närstående får delta även om den enskilde motsätter sig det."),
            ("A", "Arbetet med planen ska påbörjas först efter några veckor."),
            ("I", "Planen ska också ange en budget för varje insats."),
            ("R", "Av planen ska det framgå vilken närstående som har det övergripande ansvaret."),
        ],
    ),
    (
        "sv",
        "Den slutna vården ska underrätta kommunen och den regionfinansierade öppna vården inom 24 timmar efter att patienten "
        "skrivits in. En fast vårdkontakt ska utses i den öppna vården. Det är den öppna vården som ska kalla till samordnad "
        "individuell planering.",
        [
            (
                "P",
                "Senast ett dygn efter inskrivningen måste slutenvården meddela kommunen och den regionfinansierade öppenvården.",
            ),
            ("S", "Patienten ska få en fast vårdkontakt i öppenvården."),
            (
                "P",
                "Det er den ambulante del af sundhedsvæsenet, der skal indkalde til den samordnede individuelle planlægning.",
                "da",
            ),
            ("R", "Det är kommunen som ska kalla till samordnad individuell planering."),
            ("R", "En fast vårdkontakt ska utses i den slutna vården."),
            ("NS", "Den slutna vården ska underrätta kommunen inom 48 timmar efter att patienten skrivits in."),
            (
                "A",
                "Den slutna vården ska underrätta kommunen och den regionfinansierade öppna vården inom 24 timmar efter att patienten skrivits ut.",
            ),
        ],
    ),
    (
        "sv",
        "Regionen ska erbjuda koordineringsinsatser till sjukskrivna patienter när det behövs för att främja återgång i arbete. "
        "Insatserna förutsätter samtycke och utformas tillsammans med patienten. Med patientens samtycke ska regionen kontakta "
        "Försäkringskassan om behov av rehabilitering verkar finnas.",
        [
            ("P", "Patienten ska vara med och forma insatserna, och de kräver hans eller hennes medgivande."),
            (
                "S",
                "The region must offer coordination support to patients on sick leave when needed to help them return to work.",
                "en",
            ),
            (
                "P",
                "Om det ser ut att finnas ett rehabiliteringsbehov ska regionen höra av sig till Försäkringskassan, förutsatt att patienten går med på det.",
            ),
            ("R", "Försäkringskassan ska erbjuda koordineringsinsatser till sjukskrivna patienter."),
            ("A", "Insatserna utformas ensidigt av regionen."),
            (
                "M",
                "Regionen kan erbjuda koordineringsinsatser till sjukskrivna patienter när det behövs för att främja återgång i arbete.",
            ),
            ("N", "Regionen ska kontakta Försäkringskassan även om patienten inte har samtyckt."),
        ],
    ),
    (
        "sv",
        "Ett samordningsförbund består av Försäkringskassan, Arbetsförmedlingen, en region och minst en kommun. Försäkringskassan "
        "bidrar med hälften av medlen, medan regionen och kommunerna står för en fjärdedel var. Förbundet finansierar samverkan men "
        "bedriver inte själv rehabilitering.",
        [
            (
                "P",
                "Hälften av pengarna kommer från Försäkringskassan, och resten delas lika mellan regionen och kommunerna.",
            ),
            ("S", "Arbetsförmedlingen ingår i ett samordningsförbund."),
            ("S", "Regionen och kommunerna bidrar med lika stora andelar."),
            ("P", "Samordningsforbundet finansierer samarbeid, men driver ikke rehabilitering selv.", "nb"),
            (
                "R",
                "Regionen bidrar med hälften av medlen, medan Försäkringskassan och kommunerna står för en fjärdedel var.",
            ),
            ("N", "Förbundet bedriver själv rehabilitering."),
            ("NS", "Försäkringskassan bidrar med en tredjedel av medlen."),
            ("I", "I ett samordningsförbund ingår även Skatteverket."),
        ],
    ),
    (
        "sv",
        "Samordningsförbundet Älvdal hade en budget på 14,2 miljoner kronor 2023. Totalt skrevs 318 deltagare in i de insatser "
        "som förbundet finansierade, och 41 procent av dem gick vidare till arbete eller studier inom sex månader efter avslutad insats.",
        [
            (
                "P",
                "Av de 318 inskrivna deltagarna var 41 procent i arbete eller studier senast ett halvår efter att insatsen avslutats.",
            ),
            ("S", "Älvdals budget för 2023 uppgick till drygt 14 miljoner kronor."),
            ("S", "In 2023, 318 participants were enrolled in the initiatives the association funded.", "en"),
            (
                "P",
                "Drygt fyra av tio deltagare hade gått vidare till arbete eller studier inom ett halvår efter avslutad insats.",
            ),
            (
                "NS",
                "41 procent av deltagarna gick vidare till arbete eller studier inom tre månader efter avslutad insats.",
            ),
            ("NS", "Totalt skrevs 381 deltagare in i de insatser som förbundet finansierade."),
            ("A", "Majoriteten av deltagarna gick vidare till arbete eller studier inom sex månader."),
            ("I", "The association's budget was cut by 10 per cent compared with 2022.", "en"),
            ("R", "Region Älvdal hade en budget på 14,2 miljoner kronor 2023."),
        ],
    ),
    (
        "sv",
        "Rehabiliteringskoordinatorn bör kontakta patienten inom 14 dagar efter att sjukskrivningen inleddes. Kontakten kan ske "
        "per telefon eller vid ett fysiskt besök. Koordinatorn ska dokumentera insatsen i patientjournalen.",
        [
            ("P", "Insatsen ska journalföras av koordinatorn."),
            ("S", "Kontakten får tas per telefon."),
            (
                "P",
                "Rehabiliteringskoordinatoren bør tage kontakt til patienten senest 14 dage efter sygemeldingens start.",
                "da",
            ),
            (
                "NS",
                "Rehabiliteringskoordinatorn bör kontakta patienten inom 21 dagar efter att sjukskrivningen inleddes.",
            ),
            (
                "M",
                "Rehabiliteringskoordinatorn ska kontakta patienten inom 14 dagar efter att sjukskrivningen inleddes.",
            ),
            (
                "A",
                "Rehabiliteringskoordinatoren bør kontakte patienten inden for 14 dage efter, at sygemeldingen er afsluttet.",
                "da",
            ),
            ("R", "Försäkringskassan ska dokumentera insatsen i patientjournalen."),
        ],
    ),
    (
        "sv",
        "Den som kallar till SIP-möte ska skicka kallelsen senast tio dagar före mötet. Mötet bör ledas av en person som inte själv "
        "har ett ärende att driva. Uppföljning av planen ska ske minst två gånger per år.",
        [
            ("P", "Uppföljningen av SIP:en får inte ske mer sällan än två gånger årligen."),
            ("S", "Den som leder mötet bör vara någon utan eget ärende att driva."),
            ("P", "Innkallingen til SIP-møtet skal sendes ut minst ti dager i forveien.", "nb"),
            ("NS", "Den som kallar till SIP-möte ska skicka kallelsen senast fem dagar före mötet."),
            ("N", "Mötet bör ledas av en person som själv har ett ärende att driva."),
            ("M", "Uppföljning av planen bör ske minst två gånger per år."),
            ("A", "Den som kallar till SIP-möte ska skicka kallelsen senast tio dagar efter mötet."),
            ("U", "Den enskilde har rätt att ta med ett eget ombud till SIP-mötet."),
        ],
    ),
    (
        "sv",
        "I Norrviks kommun fattar biståndshandläggaren beslut om hemtjänst efter en utredning av den enskildes behov. Hemsjukvård "
        "ordineras av legitimerad hälso- och sjukvårdspersonal och kräver inget biståndsbeslut. Den enskilde ska få ett skriftligt "
        "beslut om hemtjänst inom 30 dagar från ansökan.",
        [
            ("P", "Något biståndsbeslut behövs inte för hemsjukvård."),
            ("S", "Ett beslut om hemtjänst föregås av en behovsutredning."),
            ("S", "Hemsjukvård ordineras av legitimerad hälso- och sjukvårdspersonal."),
            ("P", "Applicants must receive a written decision on home help within 30 days of applying.", "en"),
            ("R", "Hemsjukvård beviljas av biståndshandläggaren."),
            ("N", "Hemsjukvård kräver ett biståndsbeslut."),
            ("NS", "Den enskilde ska få ett skriftligt beslut om hemtjänst inom 20 dagar från ansökan."),
            ("A", "Den enskilde ska få ett muntligt beslut om hemtjänst inom 30 dagar från ansökan."),
        ],
    ),
    (
        "sv",
        "Den enskilde ska ges möjlighet att delta i planeringen. Om den enskilde inte vill att en viss närstående deltar, ska det "
        "respekteras. Informationen ska anpassas efter mottagarens ålder, mognad och förutsättningar.",
        [
            ("P", "En persons önskan att en viss anhörig hålls utanför planeringen ska följas."),
            ("S", "Information must be adapted to the recipient's age, maturity and circumstances.", "en"),
            ("P", "Personen ska få chansen att vara med och planera."),
            ("P", "Informationen ska utformas med hänsyn till hur gammal och mogen mottagaren är."),
            ("N", "Om den enskilde inte vill att en viss närstående deltar, behöver det inte respekteras."),
            ("M", "Den enskilde kan ges möjlighet att delta i planeringen."),
            ("U", "Närstående har rätt till ersättning för förlorad arbetsinkomst när de deltar i planeringen."),
        ],
    ),
    (
        "sv",
        "Uppgifter får lämnas mellan kommunen och regionen inom ramen för SIP endast om den enskilde har samtyckt. Samtycket "
        "behöver inte ha någon särskild form, men det bör dokumenteras i journalen. Den enskilde kan när som helst återkalla samtycket.",
        [
            ("P", "Ett samtycke kan dras tillbaka av personen vid vilken tidpunkt som helst."),
            ("S", "Det finns inget formkrav för samtycket."),
            ("S", "Samtykket bør noteres i journalen.", "da"),
            ("A", "Samtycket måste vara skriftligt."),
            ("M", "Samtycket ska dokumenteras i journalen."),
            ("N", "Den enskilde kan inte återkalla samtycket när det väl har lämnats."),
            ("I", "Samtycket gäller i högst ett år."),
        ],
    ),
    (
        "sv",
        "När ett barn behöver en SIP kan skolan och elevhälsan bjudas in till mötet. Vårdnadshavarna ska lämna samtycke om "
        "barnet är under 15 år. Barnets egen uppfattning ska så långt möjligt klarläggas.",
        [
            ("P", "Om barnet är yngre än 15 år krävs samtycke från vårdnadshavarna."),
            ("S", "Elevhälsan kan delta i SIP-mötet efter inbjudan."),
            ("P", "Barnets egne synspunkter skal så langt det er mulig bringes på det rene.", "nb"),
            ("NS", "Vårdnadshavarna ska lämna samtycke om barnet är under 18 år."),
            ("M", "Skolan och elevhälsan ska bjudas in till mötet när ett barn behöver en SIP."),
            ("R", "Skolan ska lämna samtycke om barnet är under 15 år."),
            ("A", "Vårdnadshavarna ska lämna samtycke om barnet är över 15 år."),
            ("U", "Elevhälsan ansvarar för att kalla till SIP-mötet."),
        ],
    ),
    (
        "sv",
        "Teamet för trygg hemgång ger stöd i upp till 14 dagar efter utskrivning från sjukhus. Insatsen är avgiftsfri för den "
        "enskilde. Efter 14 dagar gör biståndshandläggaren en ny bedömning av behovet av hemtjänst.",
        [
            ("P", "Den enskilde betalar ingenting för insatsen."),
            ("S", "Trygg hemgång-teamet stöttar personen i högst två veckor efter att hen skrivits ut."),
            ("P", "När två veckor har gått bedömer biståndshandläggaren på nytt om personen behöver hemtjänst."),
            ("NS", "The safe-return-home team provides support for up to 21 days after discharge from hospital.", "en"),
            ("A", "Insatsen är avgiftsbelagd för den enskilde."),
            ("R", "Efter 14 dagar gör teamet för trygg hemgång en ny bedömning av behovet av hemtjänst."),
            ("I", "Stödet kan förlängas med ytterligare sju dagar vid behov."),
        ],
    ),
    # ------------------------------------------------------------------ da (13)
    (
        "da",
        "Regionen skal tilbyde patienten en skriftlig, individuel genoptræningsplan ved udskrivning, hvis der er et lægefagligt "
        "begrundet behov for genoptræning. Planen udarbejdes i samarbejde med patienten og eventuelt de pårørende. Kommunen "
        "stiller genoptræningen til rådighed uden betaling.",
        [
            ("P", "Genoptræningen er gratis for borgeren, og det er kommunen, der leverer den."),
            ("S", "Genoptræningsplanen laves sammen med patienten."),
            ("S", "De pårørende kan inddrages i arbejdet med genoptræningsplanen."),
            (
                "P",
                "Regionen skal tilby en skriftlig, individuell opptreningsplan ved utskrivning når det er et medisinsk begrunnet behov for opptrening.",
                "nb",
            ),
            ("R", "Kommunen skal tilbyde patienten en skriftlig, individuel genoptræningsplan ved udskrivning."),
            ("A", "Regionen ska erbjuda patienten en muntlig rehabiliteringsplan vid utskrivningen.", "sv"),
            ("N", "Kommunen stiller ikke genoptræningen gratis til rådighed."),
            ("I", "Genoptræningsplanen skal sendes til patientens egen læge inden for 24 timer."),
        ],
    ),
    (
        "da",
        "Kan kommunen ikke begynde genoptræningen inden for 7 dage efter at have modtaget genoptræningsplanen, kan patienten vælge "
        "en privat leverandør. Kommunen betaler for genoptræningen hos den private leverandør. Fristen gælder ikke, hvis planen "
        "angiver et senere starttidspunkt.",
        [
            (
                "P",
                "Hvis den kommunale genoptræning ikke kan gå i gang senest en uge efter modtagelsen af planen, må patienten i stedet benytte en privat udbyder.",
            ),
            ("S", "Udgiften til den private leverandør afholdes af kommunen."),
            ("P", "The seven-day deadline does not apply if the plan specifies a later start date.", "en"),
            (
                "NS",
                "Kan kommunen ikke begynde genoptræningen inden for 14 dage efter at have modtaget genoptræningsplanen, kan patienten vælge en privat leverandør.",
            ),
            ("R", "Regionen betaler for genoptræningen hos den private leverandør."),
            ("N", "Fristen gælder også, hvis planen angiver et senere starttidspunkt."),
            ("I", "Patienten kan kun vælge private leverandører, som har en aftale med regionen."),
        ],
    ),
    (
        "da",
        "Regionsrådet og kommunalbestyrelserne i regionen skal indgå en sundhedsaftale om opgavevaretagelsen på sundhedsområdet. "
        "Sundhedsklyngerne samler region, kommuner og almen praksis omkring hvert akuthospital. Patient- og pårørenderepræsentanter "
        "bør inddrages i det faglige arbejde.",
        [
            ("P", "Det er obligatorisk for regionen og kommunerne at lave en sundhedsaftale."),
            ("S", "Almen praksis er med i sundhedsklyngerne."),
            ("P", "Företrädare för patienter och närstående bör involveras i det professionella arbetet.", "sv"),
            ("A", "Det er frivilligt for regionen og kommunerne at indgå en sundhedsaftale."),
            ("I", "Hver sundhedsklynge ledes af en formand, som udpeges af Sundhedsstyrelsen."),
            ("M", "Patient- og pårørenderepræsentanter skal inddrages i det faglige arbejde."),
            ("R", "Sundhedsklyngerne samler region, kommuner og apotekerne omkring hvert akuthospital."),
        ],
    ),
    (
        "da",
        "Efter revisionen i 2023 skal alle kommuner have en akutfunktion, enten alene eller i samarbejde med andre kommuner. "
        "Akutfunktionen skal kunne få faglig rådgivning fra hospitalet og almen praksis. Behandlingsansvaret ligger hos den læge, "
        "der har ordineret behandlingen.",
        [
            (
                "P",
                "Siden revisionen i 2023 er det et krav, at hver kommune har en akutfunktion, som den kan drive selv eller sammen med andre kommuner.",
            ),
            ("S", "Den ordinerende læge har behandlingsansvaret."),
            ("S", "En kommune kan løse kravet om akutfunktion i samarbejde med andre kommuner."),
            (
                "P",
                "The acute function must be able to obtain professional advice from the hospital and from general practice.",
                "en",
            ),
            ("A", "Efter revisionen i 2023 er det frivilligt for kommunerne at have en akutfunktion."),
            ("NS", "Since the 2021 revision, every municipality must have an acute function.", "en"),
            ("R", "Behandlingsansvaret ligger hos akutfunktionens sygeplejerske."),
            ("A", "Hver kommune skal drive sin akutfunktion alene."),
        ],
    ),
    (
        "da",
        "Ved fremskudt visitation planlægger kommunale medarbejdere udskrivningen, mens borgeren stadig er indlagt. Ifølge "
        "evalueringen ser ordningen ud til at forebygge genindlæggelser, og den kan drives mindst udgiftsneutralt for kommunen.",
        [
            ("P", "Kommunens personale tilrettelægger udskrivningen, inden borgeren forlader hospitalet."),
            ("S", "Ordningen ser ut til å forebygge reinnleggelser.", "nb"),
            ("S", "Ifølge evalueringen behøver ordningen ikke at øge kommunens udgifter."),
            (
                "A",
                "Ved fremskudt visitation planlægger kommunale medarbejdere udskrivningen, efter at borgeren er kommet hjem.",
            ),
            ("A", "Evalueringen viser, at ordningen ser ud til at øge antallet af genindlæggelser."),
            (
                "R",
                "Ved fremskudt visitation planlægger hospitalets medarbejdere udskrivningen, mens borgeren stadig er indlagt.",
            ),
            ("I", "Ordningen sparer kommunen 2,3 millioner kroner om året."),
            ("M", "Evalueringen fastslår, at ordningen forebygger genindlæggelser."),
        ],
    ),
    (
        "da",
        "Siden 1. juli 2018 kan én helhedsorienteret plan erstatte flere planer på tværs af beskæftigelses-, social- og "
        "sundhedsområdet. Det forudsætter borgerens samtykke. Planen skal udarbejdes sammen med borgeren.",
        [
            ("P", "Uden borgerens samtykke kan flere planer ikke samles i én helhedsorienteret plan."),
            (
                "S",
                "Since 1 July 2018, a single holistic plan may replace several plans across employment, social and health services.",
                "en",
            ),
            ("P", "Borgeren skal være med til at lave planen."),
            (
                "NS",
                "Siden 1. juli 2016 kan én helhedsorienteret plan erstatte flere planer på tværs af beskæftigelses-, social- og sundhedsområdet.",
            ),
            (
                "M",
                "Siden 1. juli 2018 skal én helhedsorienteret plan erstatte flere planer på tværs af beskæftigelses-, social- og sundhedsområdet.",
            ),
            ("N", "Det forudsætter ikke borgerens samtykke."),
            ("U", "Den helhedsorienterede plan skal revideres hvert halve år."),
        ],
    ),
    (
        "da",
        "Sager om ressourceforløb og fleksjob skal forelægges kommunens rehabiliteringsteam, før der træffes afgørelse. Teamet "
        "består af repræsentanter fra beskæftigelses-, sundheds-, social- og undervisningsområdet samt en sundhedskoordinator fra "
        "regionen. Rehabiliteringsplanen har to dele: en forberedende del og en indsatsdel.",
        [
            (
                "P",
                "Inden kommunen afgør en sag om fleksjob eller ressourceforløb, skal sagen behandles i rehabiliteringsteamet.",
            ),
            ("S", "Regionen bidrager til teamet med en sundhedskoordinator."),
            ("P", "Rehabiliteringsplanen består av en forberedende del og en tiltaksdel.", "nb"),
            (
                "A",
                "Sager om ressourceforløb og fleksjob forelægges rehabiliteringsteamet, efter at der er truffet afgørelse.",
            ),
            ("NS", "Rehabiliteringsplanen har tre dele."),
            ("R", "Sundhedskoordinatoren i teamet kommer fra jobcentret."),
            ("U", "Borgeren har ret til at tage en bisidder med til mødet i rehabiliteringsteamet."),
        ],
    ),
    (
        "da",
        "I projektperioden 2013–2015 finansierede regionen og kommunen i fællesskab tre stillinger som forløbskoordinator. "
        "Koordinatorerne fulgte i alt 640 ældre medicinske patienter, og borgere over 75 år blev prioriteret. Projektet blev "
        "ikke videreført efter 2015.",
        [
            ("P", "Ordningen ophørte, da projektperioden sluttede i 2015."),
            ("S", "Regionen og kommunen delte udgifterne til forløbskoordinatorerne."),
            ("S", "Ældre borgere over 75 år fik forrang."),
            ("P", "A total of 640 older medical patients were followed by the coordinators.", "en"),
            ("NS", "Regionen og kommunen finansierede i fællesskab fire stillinger som forløbskoordinator."),
            ("NS", "Borgere over 65 år blev prioriteret."),
            ("N", "Projektet blev videreført efter 2015."),
            ("A", "Regionen finansierede alene tre stillinger som forløbskoordinator."),
            ("U", "Regionen har ansvaret for at visitere borgerne til kommunal hjemmesygepleje."),
        ],
    ),
    (
        "da",
        "Når kommunalbestyrelsen yder hjælp til personer med betydeligt nedsat funktionsevne eller alvorlige sociale problemer, "
        "skal den tilbyde at udarbejde en handleplan. Borgeren kan takke nej til tilbuddet. Planen skal angive formålet med "
        "indsatsen og den forventede varighed.",
        [
            ("P", "Handleplanen er et tilbud, som borgeren frit kan afslå."),
            ("S", "Handleplanen skal beskrive, hvor længe indsatsen forventes at vare."),
            (
                "S",
                "Kommunen ska erbjuda att upprätta en handlingsplan när den ger hjälp till personer med betydande funktionsnedsättning.",
                "sv",
            ),
            ("A", "Borgeren har pligt til at tage imod tilbuddet om en handleplan."),
            ("M", "Kommunalbestyrelsen kan tilbyde at udarbejde en handleplan."),
            ("R", "Regionen skal tilbyde at udarbejde en handleplan."),
            ("I", "Handleplanen skal godkendes af borgerens egen læge."),
        ],
    ),
    (
        "da",
        "Sundhedspersoner må kun videregive helbredsoplysninger til kommunens socialforvaltning med patientens informerede "
        "samtykke, medmindre der er hjemmel i lovgivningen. Samtykket kan være mundtligt, men det skal noteres i patientjournalen.",
        [
            ("P", "Et mundtligt samtykke er tilstrækkeligt, så længe det bliver journalført."),
            (
                "S",
                "As a rule, health professionals need the patient's informed consent before passing health information to the municipal social services.",
                "en",
            ),
            (
                "P",
                "Uden lovhjemmel kræver det patientens informerede samtykke, før sundhedspersoner giver helbredsoplysninger videre til socialforvaltningen.",
            ),
            ("A", "Samtykket skal være skriftligt."),
            ("M", "Samtykket bør noteres i patientjournalen."),
            (
                "N",
                "Helsepersonell kan gi helseopplysninger til kommunens sosialtjeneste uten pasientens samtykke.",
                "nb",
            ),
            (
                "R",
                "Socialforvaltningen må kun videregive helbredsoplysninger til sundhedspersoner med patientens informerede samtykke.",
            ),
        ],
    ),
    (
        "da",
        "Den koordinerende indsatsplan er borgerens egen plan og kan sættes i gang af både regionspsykiatrien og kommunens "
        "misbrugsbehandling. Planen bør opdateres, når borgerens situation ændrer sig væsentligt, og mindst hver sjette måned.",
        [
            (
                "P",
                "Både den regionale psykiatri og det kommunale misbrugsbehandlingstilbud kan tage initiativ til planen.",
            ),
            ("S", "Planen bør opdateres med højst et halvt års mellemrum."),
            ("P", "Planen tilhører borgeren selv."),
            ("S", "Planen bør oppdateres når borgerens situasjon endrer seg vesentlig.", "nb"),
            ("A", "Kun regionspsykiatrien kan sætte planen i gang."),
            ("NS", "Planen bør opdateres mindst hver tredje måned."),
            ("M", "Planen skal opdateres, når borgerens situation ændrer sig væsentligt."),
            ("R", "Den koordinerende indsatsplan er behandlerens egen plan."),
        ],
    ),
    (
        "da",
        "I 2023 modtog Strandby Kommune 1.240 genoptræningsplaner fra hospitalerne. 86 procent af borgerne startede genoptræning "
        "inden for 7 dage. Ventetiden var længst på den specialiserede genoptræning.",
        [
            ("P", "Inden for en uge var 86 procent af borgerne begyndt på genoptræningen."),
            ("S", "Den specialiserede genoptræning havde den længste ventetid."),
            ("S", "Strandby received 1,240 rehabilitation plans from hospitals in 2023.", "en"),
            ("NS", "68 procent af borgerne startede genoptræning inden for 7 dage."),
            ("A", "Ventetiden var kortest på den specialiserede genoptræning."),
            ("R", "I 2023 modtog Strandby Kommune 1.240 genoptræningsplaner fra de praktiserende læger."),
            ("I", "Strandby Kommune brugte 18 millioner kroner på genoptræning i 2023."),
        ],
    ),
    (
        "da",
        "Det tværfaglige team skal holde et opstartsmøde med borgeren senest 3 uger efter visitationen. Borgeren vælger selv, "
        "om pårørende skal deltage. Teamet bør mødes hver 14. dag i de første to måneder.",
        [
            ("P", "Det er op til borgeren at bestemme, om de pårørende er med."),
            ("S", "I de to første måneder anbefales det, at teamet mødes hver anden uge."),
            ("P", "Teamet skal ha oppstartsmøte med personen senest tre uker etter tildelingen.", "nb"),
            ("NS", "Det tværfaglige team skal holde et opstartsmøde med borgeren senest 6 uger efter visitationen."),
            ("A", "Det tværfaglige team skal holde et opstartsmøde med borgeren senest 3 uger før visitationen."),
            ("R", "Teamlederen vælger, om pårørende skal deltage."),
            ("M", "Teamet skal mødes hver 14. dag i de første to måneder."),
        ],
    ),
    # ------------------------------------------------------------------ en (12)
    (
        "en",
        "In the specialist health service, the coordinator should be a doctor, but other health personnel may take the role "
        "where appropriate. The coordinator is also responsible for coordination around stays in institutions. Each health "
        "trust must have a coordinating unit.",
        [
            (
                "P",
                "A physician is the preferred coordinator in hospital services, although other health staff can step in when suitable.",
            ),
            ("S", "Every health trust is required to have a coordinating unit."),
            ("P", "Koordinatoren har også ansvar for koordinering rundt institusjonsopphold.", "nb"),
            ("M", "I spesialisthelsetjenesten skal koordinatoren være lege.", "nb"),
            ("R", "Each municipality must have a coordinating unit."),
            ("N", "Other health personnel may never take the coordinator role."),
            ("U", "The coordinating unit must respond to referrals within ten working days."),
        ],
    ),
    (
        "en",
        "People who need long-term and coordinated services have a right to an individual plan. Long-term means lasting for some "
        "time, but not necessarily permanently, and coordinated means at least two services. No diagnosis is required.",
        [
            ("P", "The services do not have to be lifelong for the need to count as long-term."),
            ("S", "Services count as coordinated when there are at least two of them."),
            ("P", "Det er ikkje krav om diagnose for å ha rett til individuell plan.", "nn"),
            ("N", "The right to an individual plan requires a diagnosis."),
            ("NS", "Coordinated means at least three services."),
            ("A", "Long-term means that the need must be permanent."),
            ("I", "The right to an individual plan applies only to people over 18."),
        ],
    ),
    (
        "en",
        "At the end of 2022 there were 75 coordination associations in Sweden, covering 273 of the country's 290 municipalities. "
        "The Finsam Act came into force on 1 January 2004. The associations fund and support cooperation but do not run "
        "rehabilitation themselves.",
        [
            ("P", "Only 17 Swedish municipalities were outside a coordination association at the end of 2022."),
            ("S", "Finsamlagen trädde i kraft den 1 januari 2004.", "sv"),
            ("S", "By late 2022, Sweden had 75 coordination associations."),
            (
                "P",
                "Nearly all Swedish municipalities, 273 of 290, belonged to a coordination association at the end of 2022.",
            ),
            ("NS", "At the end of 2022 there were 57 coordination associations in Sweden."),
            ("NS", "The Finsam Act came into force on 1 January 2014."),
            ("N", "The associations run rehabilitation themselves."),
            ("A", "Most Swedish municipalities were outside a coordination association at the end of 2022."),
        ],
    ),
    (
        "en",
        "Before discharge, the ward nurse must confirm that the municipal care team has received the discharge report. Medication "
        "lists should be reconciled with the patient's GP within 48 hours of discharge. If the patient lives alone, a home visit "
        "may be arranged on the day of discharge.",
        [
            (
                "P",
                "The ward nurse has to check that the municipal care team got the discharge report before the patient leaves.",
            ),
            ("S", "For patients living alone, a home visit can be organised on the day they go home."),
            ("P", "Legemiddellisten bør avstemmes med pasientens fastlege innen 48 timer etter utskrivning.", "nb"),
            ("NS", "Medication lists should be reconciled with the patient's GP within 24 hours of discharge."),
            (
                "A",
                "After discharge, the ward nurse must confirm that the municipal care team has received the discharge report.",
            ),
            ("M", "If the patient lives alone, a home visit must be arranged on the day of discharge."),
            ("R", "Medication lists should be reconciled with the home care nurse within 48 hours of discharge."),
        ],
    ),
    (
        "en",
        "The coordinator training programme runs over three half-days in spring and autumn. Participation is compulsory for newly "
        "appointed coordinators and optional for experienced staff. The course is free for municipal employees, while external "
        "participants pay NOK 1,500.",
        [
            ("P", "Municipal staff attend at no cost, whereas participants from outside pay 1,500 kroner."),
            ("S", "New coordinators are required to attend."),
            ("P", "Kursen omfattar tre halvdagar och ges både på våren och på hösten.", "sv"),
            ("A", "Participation is optional for newly appointed coordinators."),
            ("NS", "External participants pay NOK 2,500."),
            ("R", "Kurset er gratis for eksterne deltagere, mens kommunens ansatte betaler 1.500 norske kroner.", "da"),
            ("I", "Participants receive a certificate approved by the Directorate of Health."),
            ("U", "Coordinators must renew their training every three years."),
        ],
    ),
    (
        "en",
        "A decision not to appoint a coordinator can be appealed to the County Governor (Statsforvalteren). The procedural rules "
        "for individual decisions in chapters IV and V of the Public Administration Act do not apply to such decisions. The appeal "
        "is sent to the service that made the decision.",
        [
            ("P", "If someone is refused a coordinator, they can take the decision to the County Governor on appeal."),
            ("S", "Klagen sendes til tjenesten som fattet vedtaket.", "nb"),
            ("S", "The County Governor is the appeal body for refusals to appoint a coordinator."),
            (
                "P",
                "Chapters IV and V of the Public Administration Act, on individual decisions, are not applicable to these decisions.",
            ),
            (
                "N",
                "The procedural rules for individual decisions in chapters IV and V of the Public Administration Act apply to such decisions.",
            ),
            ("I", "The appeal must be lodged within three weeks."),
            ("R", "The appeal is sent directly to the County Governor."),
        ],
    ),
    (
        "en",
        "Between March and November 2021, three GP surgeries tested an electronic risk tool. The tool flagged 5.2 per cent of "
        "listed patients aged 18 and over. A GP reviewed every flagged patient before any referral was made to the coordinating unit.",
        [
            ("P", "No flagged patient was referred to the coordinating unit until a GP had reviewed them."),
            ("S", "The trial of the risk tool took place in 2021."),
            ("P", "Værktøjet markerede 5,2 procent af de tilmeldte patienter på 18 år og derover.", "da"),
            ("NS", "Between March and November 2021, five GP surgeries tested an electronic risk tool."),
            ("R", "The coordinating unit reviewed every flagged patient before any referral was made."),
            ("A", "The tool flagged 5.2 per cent of listed patients under 18."),
            ("I", "The tool was developed by the Norwegian Institute of Public Health."),
        ],
    ),
    (
        "en",
        "Follow-up team members may share information with each other only after the service user has given consent, and the "
        "consent must be recorded in the individual plan. Consent must be voluntary and informed. Information about third parties "
        "must never be entered in the shared plan.",
        [
            ("P", "Team members cannot exchange information until the user has agreed to it."),
            ("S", "The consent has to be documented in the individual plan."),
            ("S", "Consent must be given freely, without pressure."),
            ("P", "Samtycket måste vara frivilligt och informerat.", "sv"),
            ("N", "Information about third parties may be entered in the shared plan."),
            (
                "A",
                "Follow-up team members may share information with each other before the service user has given consent.",
            ),
            ("M", "Consent should ideally be voluntary and informed."),
            ("U", "Team members must complete data protection training every year."),
        ],
    ),
    (
        "en",
        "IPLOS is a national register of individual statistics on municipal health and care services, including the person's "
        "need for assistance. From the 2018 data year, IPLOS data have formed part of the municipal patient and user register "
        "(KPR), which is run by the Directorate of Health. Data are stored in pseudonymised form.",
        [
            (
                "P",
                "Since the 2018 data year, IPLOS has been included in KPR, a register managed by the Directorate of Health.",
            ),
            ("S", "IPLOS records individuals' need for assistance."),
            ("S", "IPLOS is a nationwide register covering municipal health and care services."),
            ("P", "Opplysningene lagres pseudonymisert.", "nb"),
            ("NS", "From the 2016 data year, IPLOS data have formed part of the municipal patient and user register."),
            ("R", "KPR is run by Statistics Norway."),
            ("A", "IPLOS is a local register kept separately by each municipality."),
            ("N", "Data are not stored in pseudonymised form."),
        ],
    ),
    (
        "en",
        "The generic model for chronic disease pathways, first published in 2008 and revised in 2012, stratifies patients into "
        "three levels according to their needs. In the model, general practice is responsible for patients at the lowest level, "
        "while hospitals treat those with the most complex needs.",
        [
            ("P", "Under the model, patients whose needs are most complex are treated in hospital."),
            ("S", "Den generiske model blev revideret i 2012.", "da"),
            ("P", "The model sorts patients into three tiers based on what they need."),
            ("S", "General practice looks after the patients at the lowest level."),
            ("NS", "Modellen delar in patienterna i fyra nivåer efter deras behov.", "sv"),
            ("NS", "The generic model was first published in 2010."),
            (
                "R",
                "Hospitals are responsible for patients at the lowest level, while general practice treats those with the most complex needs.",
            ),
            ("U", "Municipalities must offer patient education to all patients at the middle level."),
        ],
    ),
    (
        "en",
        "Relatives should be invited to the first follow-up team meeting unless the person objects. Where the person lacks "
        "capacity to consent, the nearest relative must be involved in decisions about services. Relatives are not entitled "
        "to see the full health record.",
        [
            (
                "P",
                "If the person has no objection, relatives ought to be asked to the first meeting of the follow-up team.",
            ),
            (
                "S",
                "Om personen saknar samtyckeskompetens ska den närmaste anhöriga vara delaktig i besluten om insatser.",
                "sv",
            ),
            ("P", "Relatives have no right of access to the complete health record."),
            ("N", "Relatives are entitled to see the full health record."),
            ("M", "Relatives must be invited to the first follow-up team meeting unless the person objects."),
            ("R", "Where the person lacks capacity to consent, the GP must be involved in decisions about services."),
            ("A", "Relatives should be invited to the last follow-up team meeting unless the person objects."),
        ],
    ),
    (
        "en",
        "The municipality allocated NOK 3.4 million in 2024 to the coordinating unit, of which NOK 900,000 was earmarked for "
        "the child coordinator service. The unit employs four full-time coordinators and one team leader.",
        [
            (
                "P",
                "Of the 3.4 million kroner the coordinating unit received for 2024, 900,000 was ring-fenced for child coordinators.",
            ),
            ("S", "Enheten har fire koordinatorer i full stilling og én teamleder.", "nb"),
            ("P", "NOK 2.5 million of the unit's 2024 allocation was not earmarked for the child coordinator service."),
            ("NS", "The municipality allocated NOK 4.3 million in 2024 to the coordinating unit."),
            ("NS", "Eininga har fem koordinatorar i full stilling og ein teamleiar.", "nn"),
            ("R", "NOK 900,000 of the allocation was earmarked for the follow-up team service."),
            ("I", "The allocation was 12 per cent higher than in 2023."),
        ],
    ),
]

TEST_POSITIONS = {1, 4, 7}  # position (within its passage language) modulo 10 -> test


def build() -> list[dict]:
    rows: list[dict] = []
    seen_in_lang: dict[str, int] = {}
    n = 0
    for g, (lang, passage, claims) in enumerate(GROUPS, start=1):
        pos = seen_in_lang.get(lang, 0)
        seen_in_lang[lang] = pos + 1
        split = "test" if pos % 10 in TEST_POSITIONS else "train"
        for item in claims:
            code, claim = item[0], item[1]
            claim_lang = item[2] if len(item) > 2 else lang
            kind = KIND[code]
            n += 1
            rows.append(
                {
                    "id": f"clm-{n:03d}",
                    "group": f"g{g:03d}",
                    "lang": lang,
                    "claim_lang": claim_lang,
                    "passage": passage,
                    "claim": claim,
                    "label": "supported" if kind in SUPPORTED_KINDS else "unsupported",
                    "kind": kind,
                    "split": split,
                }
            )
    return rows


def main() -> None:
    out = Path(__file__).with_name("claims.jsonl")
    rows = build()
    with out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} claims in {len(GROUPS)} groups to {out}")


if __name__ == "__main__":
    main()
