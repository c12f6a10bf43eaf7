# エンド ユーザーへの通知 (ja-JP): 平易な丁寧語。
notice-actions-language = これらの手順は{ $language }でのみ提供されています。
notice-signature = { $organization } ヘルプデスク
notice-automatic = このメッセージは自動送信されています。パスワードやその他の機密情報を記載して返信しないでください。

account-compromised-subject = { $organization } のアカウントが第三者に使用されました
account-compromised-greeting = { $name } 様
account-compromised-explanation = { $incident_date }に、あなた以外の人物があなたの { $organization } アカウントにサインインし、使用しました。アカウントの安全はすでに確保しました。このメッセージをよくお読みのうえ、できるだけ早く以下の手順を実行してください。
account-compromised-done-heading = 実施済みの対応
account-compromised-done-password = パスワードをリセットしました。第三者はもうサインインできません。
account-compromised-done-rules = 第三者が設定したメールの転送と受信トレイのルールを削除しました。
account-compromised-done-sending = メールを再び送信できることを確認しました。
account-compromised-todo-heading = 今すぐ行っていただきたいこと
account-compromised-password = 新しいパスワードは電話または対面でお伝えします。パスワードをメールで送ることは決してありません。パスワードを求めるメッセージは、私たちからのものではありません。
account-compromised-contact = ご不明な点は、ヘルプデスク ({ $helpdesk_phone }) にお電話いただくか、{ $helpdesk_url } をご覧ください。その際は参照番号 { $reference } をお伝えください。
account-compromised-closing = 組織の安全を守るためにご協力いただき、ありがとうございます。

contacts-warning-subject = { $affected_name } からのメッセージは本人からのものではない可能性があります
contacts-warning-greeting = { $name } 様
contacts-warning-explanation = { $from_date }から{ $to_date }までの間、第三者が { $affected_name } ({ $affected_address }) のメール アカウントにアクセスできる状態でした。この期間にこのアドレスから受け取ったメッセージは、{ $affected_name } 本人が書いたものではない可能性があります。
contacts-warning-advice-heading = これらのメッセージへの対処方法
contacts-warning-advice-pay = これらのメッセージで依頼されても、送金やギフト カードの購入はしないでください。
contacts-warning-advice-data = 個人情報、財務情報、会社の情報を返信しないでください。
contacts-warning-advice-open = これらのメッセージの添付ファイルやリンクは開かずに、メッセージを削除してください。
contacts-warning-contact = すでにこれらのいずれかを行ってしまった場合や、ご不明な点がある場合は、{ $organization } ヘルプデスク ({ $helpdesk_phone }) までお電話ください。
contacts-warning-closing = ご迷惑をおかけして申し訳ありません。ご協力ありがとうございます。
