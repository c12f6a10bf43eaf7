# Teksten van de helpsite en de checklists (nl-NL).
site-title = Helpcentrum
language-name = Nederlands
choose-language = Kies uw taal
index-previous = Vorige pagina
index-next = Volgende pagina
index-page = Pagina { $page } van { $pages }
breadcrumbs = Kruimelpad
articles-heading = Artikelen
skip-to-content = Naar de inhoud
on-this-page = Op deze pagina
steps-heading = Stappen
step-label = Stap { $number }
substep-label = Stap { $number }
optional = Optioneel
optional-suffix = (optioneel)
callout-note = Opmerking
callout-tip = Tip
callout-important = Belangrijk
callout-warning = Waarschuwing
callout-caution = Let op
video-link = Bekijk de video
video-link-titled = Bekijk de video: { $title }
code-sample-unavailable = Codevoorbeeld ‘{ $name }’ ({ $file }) staat niet op deze site.
code-file-unavailable = Code uit { $file } staat niet op deze site.
include-missing = Dit deel van het artikel kon niet worden ingevoegd.
banner-machine-translated = Dit artikel is automatisch vertaald. Er kunnen fouten in staan.
banner-fallback = Dit artikel is niet beschikbaar in het { $language }. U ziet het in het { $fallback }.
other-languages = Dit artikel in andere talen
machine-translated-marker = automatisch vertaald
fallback-marker = in het { $language }
checklist-link = Openen als checklist
checklist-title = Checklist: { $title }
checklist-intro = Vink elke stap af zodra die klaar is. Elk incident is een eigen uitvoering: de vinkjes, tijden en notities blijven bewaard in deze browser, ook als u van taal wisselt.
checklist-reset = Alle vinkjes wissen
checklist-print = Afdrukken
checklist-back = Terug naar het artikel
checklist-no-steps = Dit artikel heeft geen stappen om af te vinken.
checklist-links = Koppelingen
link-unavailable = Dit artikel maakt geen deel uit van deze site.
checklist-generated = Gemaakt door kbgen uit { $source }
run-legend = Incident
run-reference = Incidentnummer
run-account = Getroffen account
run-responder = Behandelaar
run-started = Gestart
run-ended = Beëindigd
run-not-finished = niet afgerond
run-progress = Voortgang
run-required-progress = { $total ->
    [one] { $done } van { $total } verplichte stap klaar
   *[other] { $done } van { $total } verplichte stappen klaar
}
run-optional-progress = { $total ->
    [one] { $done } van { $total } optionele stap klaar
   *[other] { $done } van { $total } optionele stappen klaar
}
run-complete = Alle verplichte stappen zijn klaar.
run-tick-time = klaar { $time }
run-tick-time-by = klaar { $time } door { $name }
run-note = Notitie
run-export = Verslag exporteren
run-new = Nieuwe uitvoering
run-recent = Andere uitvoeringen van deze checklist
run-reset-confirm = Alle vinkjes en notities van deze uitvoering wissen? Het incidentnummer, het account en de behandelaar blijven staan.
run-reset-cancel = Vinkjes behouden
run-reset-clear = Vinkjes wissen
run-reset-done = De vinkjes van deze uitvoering zijn gewist.
run-undo = Ongedaan maken
record-title = Incidentverslag: { $title }
record-missing-steps = Stappen van de uitvoering die niet in deze versie van het artikel staan
record-time = { $time } UTC
# Taalnamen in lopende tekst
lang-en = Engels
lang-nl = Nederlands
lang-sv = Zweeds
lang-ar = Arabisch
lang-ja = Japans
provenance-updated = Laatst bijgewerkt op { $date }
provenance-human = Vertaald door mensen
provenance-machine = Machinaal vertaald
provenance-original = Oorspronkelijke tekst
provenance-source = Bronbestand
show-english = Engelse brontekst tonen

# site search and navigation
search-label = Zoeken in deze artikelen
search-count = { $count ->
    [one] { $count } resultaat
   *[other] { $count } resultaten
}
search-none = Geen resultaten
search-failed = Zoeken is hier niet beschikbaar: open de site via een webserver.
search-results = Zoekresultaten
previous-article = Vorige
next-article = Volgende
site-navigation = Artikelen
article-pager = Vorig en volgend artikel
search-more = Meer resultaten
