# Berichten aan eindgebruikers (nl-NL): eenvoudige taal, aanspreekvorm u.
notice-actions-language = Deze stappen zijn alleen beschikbaar in het { $language }.
notice-signature = Helpdesk van { $organization }
notice-automatic = Dit bericht is automatisch verzonden. Beantwoord het nooit met wachtwoorden of andere geheime gegevens.

account-compromised-subject = Iemand anders heeft uw account bij { $organization } gebruikt
account-compromised-greeting = Beste { $name },
account-compromised-explanation = Op { $incident_date } heeft iemand anders dan u zich aangemeld bij uw account van { $organization } en het gebruikt. We hebben uw account inmiddels beveiligd. Lees dit bericht goed en voer de stappen hieronder zo snel mogelijk uit.
account-compromised-done-heading = Wat wij al hebben gedaan
account-compromised-done-password = We hebben uw wachtwoord opnieuw ingesteld, zodat de ander zich niet meer kan aanmelden.
account-compromised-done-rules = We hebben het doorsturen van e-mail en de regels in uw postvak verwijderd die de ander had ingesteld.
account-compromised-done-sending = We hebben ervoor gezorgd dat u weer e-mail kunt versturen.
account-compromised-todo-heading = Wat u nu moet doen
account-compromised-password = U krijgt uw nieuwe wachtwoord telefonisch of persoonlijk. We sturen een wachtwoord nooit per e-mail. Vraagt een bericht om uw wachtwoord, dan komt het niet van ons.
account-compromised-contact = Vragen? Bel de helpdesk op { $helpdesk_phone } of ga naar { $helpdesk_url }. Vermeld daarbij referentie { $reference }.
account-compromised-closing = Bedankt voor uw hulp bij het veilig houden van onze organisatie.

contacts-warning-subject = Berichten van { $affected_name } zijn mogelijk niet echt
contacts-warning-greeting = Beste { $name },
contacts-warning-explanation = Tussen { $from_date } en { $to_date } had iemand anders toegang tot het e-mailaccount van { $affected_name } ({ $affected_address }). Berichten die u in die periode van dat adres hebt gekregen, zijn mogelijk niet door { $affected_name } geschreven.
contacts-warning-advice-heading = Wat u met die berichten moet doen
contacts-warning-advice-pay = Betaal geen geld en koop geen cadeaukaarten omdat een van die berichten daarom vroeg.
contacts-warning-advice-data = Stuur geen persoonlijke, financiële of bedrijfsgegevens terug.
contacts-warning-advice-open = Open geen bijlagen of koppelingen in die berichten. Verwijder ze.
contacts-warning-contact = Hebt u een van deze dingen al gedaan, of hebt u vragen? Bel dan de helpdesk van { $organization } op { $helpdesk_phone }.
contacts-warning-closing = Bedankt, en excuses voor het ongemak.
