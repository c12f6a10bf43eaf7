# Meddelanden till slutanvändare (sv-SE): enkelt språk, du-tilltal.
notice-actions-language = De här stegen finns bara på { $language }.
notice-signature = { $organization }s supportavdelning
notice-automatic = Det här meddelandet skickades automatiskt. Svara aldrig med lösenord eller andra hemliga uppgifter.

account-compromised-subject = Någon annan har använt ditt konto hos { $organization }
account-compromised-greeting = Hej { $name }!
account-compromised-explanation = Den { $incident_date } loggade någon annan än du in på ditt konto hos { $organization } och använde det. Vi har nu skyddat ditt konto. Läs det här meddelandet noga och gör stegen nedan så snart du kan.
account-compromised-done-heading = Det här har vi redan gjort
account-compromised-done-password = Vi har återställt ditt lösenord, så att den andra personen inte längre kan logga in.
account-compromised-done-rules = Vi har tagit bort vidarebefordran av e-post och inkorgsregler som den andra personen lade till.
account-compromised-done-sending = Vi har sett till att du kan skicka e-post igen.
account-compromised-todo-heading = Det här behöver du göra nu
account-compromised-password = Du får ditt nya lösenord per telefon eller personligen. Vi skickar aldrig lösenord via e-post. Om ett meddelande ber om ditt lösenord kommer det inte från oss.
account-compromised-contact = Har du frågor? Ring supporten på { $helpdesk_phone } eller gå till { $helpdesk_url }. Ange referens { $reference }.
account-compromised-closing = Tack för att du hjälper oss att hålla organisationen säker.

contacts-warning-subject = Meddelanden från { $affected_name } kanske inte är äkta
contacts-warning-greeting = Hej { $name }!
contacts-warning-explanation = Mellan { $from_date } och { $to_date } hade någon annan tillgång till e-postkontot för { $affected_name } ({ $affected_address }). Meddelanden som du fick från den adressen under den tiden kanske inte skrevs av { $affected_name }.
contacts-warning-advice-heading = Så gör du med de meddelandena
contacts-warning-advice-pay = Betala inga pengar och köp inga presentkort för att ett av de meddelandena bad om det.
contacts-warning-advice-data = Svara inte med personliga, ekonomiska eller företagsuppgifter.
contacts-warning-advice-open = Öppna inte bilagor eller länkar i de meddelandena. Ta bort dem.
contacts-warning-contact = Om du redan har gjort något av detta, eller om du har frågor, ring supporten hos { $organization } på { $helpdesk_phone }.
contacts-warning-closing = Tack, och förlåt för besväret.
