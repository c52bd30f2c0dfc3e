"""The fixed wording of a course module per language (nb, nn, sv, da, en).

Only framing lives here – titles, goal stems, question stems, facilitator steps. Every
fact in a module comes from the kb or an indexed passage and keeps its own wording.
"""

from __future__ import annotations

COURSE_LANGS = ("nb", "nn", "sv", "da", "en")
#: Which kb jurisdiction a course in each language draws on.
JURISDICTION = {"nb": "no", "nn": "no", "en": "no", "sv": "se", "da": "dk"}

TEXTS: dict[str, dict[str, str]] = {
    "nb": {
        "title": "{topic} – opplæring for {audience} ({minutes} minutter)",
        "goal_role": "Forklare hva {role} gjør, og hvilke plikter rollen har{basis}.",
        "goal_legal": "Finne fram i lovgrunnlaget og vite hva {labels} krever.",
        "goal_pitfall": "Kjenne igjen vanlige fallgruver for {role} og vite hva man gjør i stedet.",
        "goal_concept": "Bruke begrepene {terms} riktig.",
        "goal_case": "Gå gjennom en sak etter sjekklisten «{pathway}» og si hvem som gjør hva.",
        "goal_sources": "Vite hvor de finner mer: kunnskapsbasen og kildene bak den.",
        "basis": " ({labels})",
        "case_title": "Case: {pathway}",
        "case_scenario": (
            "Oppdiktet sak til drøfting. En person i målgruppen for «{pathway}» trenger tjenester fra flere "
            "instanser. {target}Saken står nå i fasen «{phase}»: {phase_description}"
        ),
        "case_target": "Målgruppe: {target} ",
        "q_legal_label": "Hvilken bestemmelse handler om «{title}»?",
        "q_legal_title": "Hva handler {label} om?",
        "q_role_duty": "Hvem har denne plikten: «{duty}»?",
        "q_concept": "Hva betyr «{term}»?",
        "q_phase": "I hvilken fase av «{pathway}» hører dette spørsmålet hjemme: «{item}»?",
        "guide_intro": "Velkommen, mål for økta",
        "guide_intro_notes": "Presenter læringsmålene. Spør hva deltakerne allerede kjenner til om {topic}.",
        "guide_points": "Nøkkelpunkter",
        "guide_points_notes": "Gå gjennom de {n} nøkkelpunktene. Vis kilden til hvert punkt.",
        "guide_case": "Casearbeid i grupper",
        "guide_case_notes": "Grupper på 3–4. Hver gruppe svarer på spørsmålene i casen; oppsummer i plenum.",
        "guide_quiz": "Quiz",
        "guide_quiz_notes": "{n} spørsmål. Gå gjennom fasit med kildene etterpå.",
        "guide_summary": "Oppsummering og spørsmål",
        "guide_summary_notes": "Gjenta læringsmålene. Pek på kildelisten for videre lesing.",
        "notice_no_index": "Fant ingen søkeindeks; nøkkelpunktene er bare hentet fra kunnskapsbasen. Kjør `veiviser ingest` for å ta med dokumentene.",
        "notice_llm_failed": "Språkmodellen svarte ikke ({error}); nøkkelpunktene står med kunnskapsbasens ordlyd.",
        "notice_llm_rejected": "{n} omformulering(er) fra språkmodellen ble forkastet fordi kilden ikke støttet dem.",
        "kb_source": "Kunnskapsbasen: {title}",
    },
    "nn": {
        "title": "{topic} – opplæring for {audience} ({minutes} minutt)",
        "goal_role": "Forklare kva {role} gjer, og kva plikter rolla har{basis}.",
        "goal_legal": "Finne fram i lovgrunnlaget og vite kva {labels} krev.",
        "goal_pitfall": "Kjenne att vanlege fallgruver for {role} og vite kva ein gjer i staden.",
        "goal_concept": "Bruke omgrepa {terms} rett.",
        "goal_case": "Gå gjennom ei sak etter sjekklista «{pathway}» og seie kven som gjer kva.",
        "goal_sources": "Vite kvar dei finn meir: kunnskapsbasen og kjeldene bak han.",
        "basis": " ({labels})",
        "case_title": "Case: {pathway}",
        "case_scenario": (
            "Oppdikta sak til drøfting. Ein person i målgruppa for «{pathway}» treng tenester frå fleire "
            "instansar. {target}Saka står no i fasen «{phase}»: {phase_description}"
        ),
        "case_target": "Målgruppe: {target} ",
        "q_legal_label": "Kva føresegn handlar om «{title}»?",
        "q_legal_title": "Kva handlar {label} om?",
        "q_role_duty": "Kven har denne plikta: «{duty}»?",
        "q_concept": "Kva tyder «{term}»?",
        "q_phase": "I kva fase av «{pathway}» høyrer dette spørsmålet heime: «{item}»?",
        "guide_intro": "Velkomen, mål for økta",
        "guide_intro_notes": "Presenter læringsmåla. Spør kva deltakarane alt kjenner til om {topic}.",
        "guide_points": "Nøkkelpunkt",
        "guide_points_notes": "Gå gjennom dei {n} nøkkelpunkta. Vis kjelda til kvart punkt.",
        "guide_case": "Casearbeid i grupper",
        "guide_case_notes": "Grupper på 3–4. Kvar gruppe svarar på spørsmåla i casen; oppsummer i plenum.",
        "guide_quiz": "Quiz",
        "guide_quiz_notes": "{n} spørsmål. Gå gjennom fasit med kjeldene etterpå.",
        "guide_summary": "Oppsummering og spørsmål",
        "guide_summary_notes": "Gjenta læringsmåla. Vis til kjeldelista for vidare lesing.",
        "notice_no_index": "Fann ingen søkjeindeks; nøkkelpunkta er berre henta frå kunnskapsbasen. Køyr `veiviser ingest` for å ta med dokumenta.",
        "notice_llm_failed": "Språkmodellen svarte ikkje ({error}); nøkkelpunkta står med ordlyden i kunnskapsbasen.",
        "notice_llm_rejected": "{n} omformulering(ar) frå språkmodellen vart forkasta fordi kjelda ikkje støtta dei.",
        "kb_source": "Kunnskapsbasen: {title}",
    },
    "sv": {
        "title": "{topic} – utbildning för {audience} ({minutes} minuter)",
        "goal_role": "Förklara vad {role} gör och vilka skyldigheter rollen har{basis}.",
        "goal_legal": "Hitta i regelverket och veta vad {labels} kräver.",
        "goal_pitfall": "Känna igen vanliga fallgropar för {role} och veta vad man gör i stället.",
        "goal_concept": "Använda begreppen {terms} rätt.",
        "goal_case": "Gå igenom ett ärende enligt checklistan «{pathway}» och säga vem som gör vad.",
        "goal_sources": "Veta var de hittar mer: kunskapsbasen och källorna bakom den.",
        "basis": " ({labels})",
        "case_title": "Fall: {pathway}",
        "case_scenario": (
            "Påhittat fall att diskutera. En person i målgruppen för «{pathway}» behöver insatser från flera "
            "aktörer. {target}Ärendet är nu i fasen «{phase}»: {phase_description}"
        ),
        "case_target": "Målgrupp: {target} ",
        "q_legal_label": "Vilken bestämmelse handlar om «{title}»?",
        "q_legal_title": "Vad handlar {label} om?",
        "q_role_duty": "Vem har denna uppgift: «{duty}»?",
        "q_concept": "Vad betyder «{term}»?",
        "q_phase": "I vilken fas av «{pathway}» hör denna fråga hemma: «{item}»?",
        "guide_intro": "Välkommen, mål för passet",
        "guide_intro_notes": "Presentera lärandemålen. Fråga vad deltagarna redan vet om {topic}.",
        "guide_points": "Nyckelpunkter",
        "guide_points_notes": "Gå igenom de {n} nyckelpunkterna. Visa källan till varje punkt.",
        "guide_case": "Fallarbete i grupper",
        "guide_case_notes": "Grupper om 3–4. Varje grupp besvarar frågorna i fallet; sammanfatta gemensamt.",
        "guide_quiz": "Quiz",
        "guide_quiz_notes": "{n} frågor. Gå igenom facit med källorna efteråt.",
        "guide_summary": "Sammanfattning och frågor",
        "guide_summary_notes": "Upprepa lärandemålen. Hänvisa till källförteckningen.",
        "notice_no_index": "Inget sökindex hittades; nyckelpunkterna kommer bara från kunskapsbasen. Kör `veiviser ingest` för att ta med dokumenten.",
        "notice_llm_failed": "Språkmodellen svarade inte ({error}); nyckelpunkterna står med kunskapsbasens ordalydelse.",
        "notice_llm_rejected": "{n} omformulering(ar) från språkmodellen förkastades eftersom källan inte stödde dem.",
        "kb_source": "Kunskapsbasen: {title}",
    },
    "da": {
        "title": "{topic} – undervisning for {audience} ({minutes} minutter)",
        "goal_role": "Forklare hvad {role} gør, og hvilke pligter rollen har{basis}.",
        "goal_legal": "Finde rundt i lovgrundlaget og vide hvad {labels} kræver.",
        "goal_pitfall": "Genkende typiske faldgruber for {role} og vide hvad man gør i stedet.",
        "goal_concept": "Bruge begreberne {terms} korrekt.",
        "goal_case": "Gennemgå en sag efter tjeklisten «{pathway}» og sige hvem der gør hvad.",
        "goal_sources": "Vide hvor de finder mere: vidensbasen og kilderne bag den.",
        "basis": " ({labels})",
        "case_title": "Case: {pathway}",
        "case_scenario": (
            "Opdigtet sag til drøftelse. En borger i målgruppen for «{pathway}» har brug for indsatser fra flere "
            "aktører. {target}Sagen er nu i fasen «{phase}»: {phase_description}"
        ),
        "case_target": "Målgruppe: {target} ",
        "q_legal_label": "Hvilken bestemmelse handler om «{title}»?",
        "q_legal_title": "Hvad handler {label} om?",
        "q_role_duty": "Hvem har denne opgave: «{duty}»?",
        "q_concept": "Hvad betyder «{term}»?",
        "q_phase": "I hvilken fase af «{pathway}» hører dette spørgsmål hjemme: «{item}»?",
        "guide_intro": "Velkommen, mål for sessionen",
        "guide_intro_notes": "Præsenter læringsmålene. Spørg hvad deltagerne allerede ved om {topic}.",
        "guide_points": "Nøglepunkter",
        "guide_points_notes": "Gennemgå de {n} nøglepunkter. Vis kilden til hvert punkt.",
        "guide_case": "Casearbejde i grupper",
        "guide_case_notes": "Grupper på 3–4. Hver gruppe besvarer spørgsmålene i casen; opsummer i plenum.",
        "guide_quiz": "Quiz",
        "guide_quiz_notes": "{n} spørgsmål. Gennemgå facit med kilderne bagefter.",
        "guide_summary": "Opsummering og spørgsmål",
        "guide_summary_notes": "Gentag læringsmålene. Henvis til kildelisten.",
        "notice_no_index": "Intet søgeindeks fundet; nøglepunkterne kommer kun fra vidensbasen. Kør `veiviser ingest` for at få dokumenterne med.",
        "notice_llm_failed": "Sprogmodellen svarede ikke ({error}); nøglepunkterne står med vidensbasens ordlyd.",
        "notice_llm_rejected": "{n} omformulering(er) fra sprogmodellen blev forkastet, fordi kilden ikke støttede dem.",
        "kb_source": "Vidensbasen: {title}",
    },
    "en": {
        "title": "{topic} – training for {audience} ({minutes} minutes)",
        "goal_role": "Explain what the {role} does and which duties the role carries{basis}.",
        "goal_legal": "Find their way in the legal basis and know what {labels} require.",
        "goal_pitfall": "Recognise common pitfalls for the {role} and know what to do instead.",
        "goal_concept": "Use the terms {terms} correctly.",
        "goal_case": "Walk a case through the checklist «{pathway}» and say who does what.",
        "goal_sources": "Know where to read more: the knowledge base and the sources behind it.",
        "basis": " ({labels})",
        "case_title": "Case: {pathway}",
        "case_scenario": (
            "An invented case for discussion. A person in the target group of «{pathway}» needs services from "
            "several agencies. {target}The case is now in the phase «{phase}»: {phase_description}"
        ),
        "case_target": "Target group: {target} ",
        "q_legal_label": "Which provision is about «{title}»?",
        "q_legal_title": "What is {label} about?",
        "q_role_duty": "Who has this duty: «{duty}»?",
        "q_concept": "What does «{term}» mean?",
        "q_phase": "In which phase of «{pathway}» does this question belong: «{item}»?",
        "guide_intro": "Welcome and goals",
        "guide_intro_notes": "Present the learning goals. Ask what participants already know about {topic}.",
        "guide_points": "Key points",
        "guide_points_notes": "Go through the {n} key points. Show the source of each.",
        "guide_case": "Case work in groups",
        "guide_case_notes": "Groups of 3–4. Each group answers the case questions; sum up together.",
        "guide_quiz": "Quiz",
        "guide_quiz_notes": "{n} questions. Go through the answers with their sources afterwards.",
        "guide_summary": "Summary and questions",
        "guide_summary_notes": "Repeat the learning goals. Point to the source list for further reading.",
        "notice_no_index": "No search index found; the key points come from the knowledge base only. Run `veiviser ingest` to include the documents.",
        "notice_llm_failed": "The language model did not answer ({error}); key points keep the knowledge base's wording.",
        "notice_llm_rejected": "{n} rephrasing(s) from the language model were dropped because the source did not support them.",
        "kb_source": "Knowledge base: {title}",
    },
}

#: Export headings per language.
HEADINGS: dict[str, dict[str, str]] = {
    "nb": {"goals": "Læringsmål", "points": "Nøkkelpunkter", "case": "Case", "questions": "Spørsmål til gruppa",
           "quiz": "Quiz", "answer": "Svar", "guide": "Fasilitatorguide", "sources": "Kilder", "time": "Tid",
           "activity": "Aktivitet", "notes": "Notater", "audience": "Målgruppe", "minutes": "Varighet",
           "topic": "Tema", "source": "Kilde"},
    "nn": {"goals": "Læringsmål", "points": "Nøkkelpunkt", "case": "Case", "questions": "Spørsmål til gruppa",
           "quiz": "Quiz", "answer": "Svar", "guide": "Fasilitatorrettleiing", "sources": "Kjelder", "time": "Tid",
           "activity": "Aktivitet", "notes": "Notat", "audience": "Målgruppe", "minutes": "Varigheit",
           "topic": "Tema", "source": "Kjelde"},
    "sv": {"goals": "Lärandemål", "points": "Nyckelpunkter", "case": "Fall", "questions": "Frågor till gruppen",
           "quiz": "Quiz", "answer": "Svar", "guide": "Handledning", "sources": "Källor", "time": "Tid",
           "activity": "Aktivitet", "notes": "Anteckningar", "audience": "Målgrupp", "minutes": "Längd",
           "topic": "Tema", "source": "Källa"},
    "da": {"goals": "Læringsmål", "points": "Nøglepunkter", "case": "Case", "questions": "Spørgsmål til gruppen",
           "quiz": "Quiz", "answer": "Svar", "guide": "Facilitatorguide", "sources": "Kilder", "time": "Tid",
           "activity": "Aktivitet", "notes": "Noter", "audience": "Målgruppe", "minutes": "Varighed",
           "topic": "Tema", "source": "Kilde"},
    "en": {"goals": "Learning goals", "points": "Key points", "case": "Case", "questions": "Questions for the group",
           "quiz": "Quiz", "answer": "Answer", "guide": "Facilitator's guide", "sources": "Sources", "time": "Time",
           "activity": "Activity", "notes": "Notes", "audience": "Audience", "minutes": "Duration",
           "topic": "Topic", "source": "Source"},
}


def texts(lang: str) -> dict[str, str]:
    return TEXTS.get(lang, TEXTS["nb"])


def headings(lang: str) -> dict[str, str]:
    return HEADINGS.get(lang, HEADINGS["nb"])
