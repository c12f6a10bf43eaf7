# End-user notices (en-US): plain language, second person.
notice-actions-language = These steps are only available in { $language }.
notice-signature = { $organization } help desk
notice-automatic = This message was sent automatically. Do not reply to it with passwords or other secrets.

account-compromised-subject = Someone else used your { $organization } account
account-compromised-greeting = Hello { $name },
account-compromised-explanation = On { $incident_date }, someone other than you signed in to your { $organization } account and used it. We have secured your account. Please read this message carefully and do the steps below as soon as you can.
account-compromised-done-heading = What we have already done
account-compromised-done-password = We reset your password, so the other person can no longer sign in.
account-compromised-done-rules = We removed email forwarding and inbox rules that the other person set up.
account-compromised-done-sending = We made sure you can send email again.
account-compromised-todo-heading = What you need to do now
account-compromised-password = You will get your new password by phone or in person. We will never send a password by email. If a message asks you for your password, it is not from us.
account-compromised-contact = Questions? Call the help desk at { $helpdesk_phone } or go to { $helpdesk_url }. Please mention reference { $reference }.
account-compromised-closing = Thank you for your help in keeping our organization safe.

contacts-warning-subject = Messages from { $affected_name } may not be genuine
contacts-warning-greeting = Hello { $name },
contacts-warning-explanation = Between { $from_date } and { $to_date }, someone else had access to the email account of { $affected_name } ({ $affected_address }). Messages you received from that address in that period may not have been written by { $affected_name }.
contacts-warning-advice-heading = What to do with those messages
contacts-warning-advice-pay = Do not pay money or buy gift cards because one of those messages asked you to.
contacts-warning-advice-data = Do not reply with personal, financial or company information.
contacts-warning-advice-open = Do not open attachments or links in those messages. Delete them.
contacts-warning-contact = If you already did one of these things, or if you have questions, call the { $organization } help desk at { $helpdesk_phone }.
contacts-warning-closing = Thank you, and sorry for the trouble.
