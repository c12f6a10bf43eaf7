# إشعارات المستخدمين (ar-SA): لغة واضحة، بصيغة المخاطَب.
notice-actions-language = هذه الخطوات متوفرة باللغة { $language } فقط.
notice-signature = مكتب المساعدة في { $organization }
notice-automatic = أُرسلت هذه الرسالة تلقائيًا. لا ترد عليها بكلمات مرور أو بأي معلومات سرية أخرى.

account-compromised-subject = استخدم شخص آخر حسابك في { $organization }
account-compromised-greeting = مرحبًا { $name }،
account-compromised-explanation = في { $incident_date }، سجّل شخص آخر غيرك الدخول إلى حسابك في { $organization } واستخدمه. لقد أمّنّا حسابك. يُرجى قراءة هذه الرسالة بعناية وتنفيذ الخطوات أدناه في أقرب وقت ممكن.
account-compromised-done-heading = ما قمنا به حتى الآن
account-compromised-done-password = أعدنا تعيين كلمة المرور الخاصة بك، فلم يعد بإمكان الشخص الآخر تسجيل الدخول.
account-compromised-done-rules = أزلنا إعادة توجيه البريد الإلكتروني وقواعد علبة الوارد التي أنشأها الشخص الآخر.
account-compromised-done-sending = تأكدنا من أنه يمكنك إرسال البريد الإلكتروني مرة أخرى.
account-compromised-todo-heading = ما عليك فعله الآن
account-compromised-password = ستحصل على كلمة المرور الجديدة عبر الهاتف أو شخصيًا. لن نرسل إليك كلمة مرور عبر البريد الإلكتروني أبدًا. إذا طلبت منك رسالةٌ كلمة المرور الخاصة بك، فهي ليست منا.
account-compromised-contact = هل لديك أسئلة؟ اتصل بمكتب المساعدة على الرقم { $helpdesk_phone } أو انتقل إلى { $helpdesk_url }، واذكر المرجع { $reference }.
account-compromised-closing = شكرًا لمساعدتك في الحفاظ على أمان مؤسستنا.

contacts-warning-subject = قد لا تكون الرسائل الواردة من { $affected_name } حقيقية
contacts-warning-greeting = مرحبًا { $name }،
contacts-warning-explanation = في الفترة من { $from_date } إلى { $to_date }، تمكّن شخص آخر من الوصول إلى حساب البريد الإلكتروني الخاص بـ { $affected_name } ({ $affected_address }). ربما لم يكتب { $affected_name } الرسائل التي تلقيتها من هذا العنوان خلال تلك الفترة.
contacts-warning-advice-heading = ما عليك فعله بتلك الرسائل
contacts-warning-advice-pay = لا تدفع أي أموال ولا تشترِ بطاقات هدايا لأن إحدى تلك الرسائل طلبت منك ذلك.
contacts-warning-advice-data = لا ترد بأي معلومات شخصية أو مالية أو خاصة بالشركة.
contacts-warning-advice-open = لا تفتح المرفقات أو الروابط الموجودة في تلك الرسائل، واحذفها.
contacts-warning-contact = إذا كنت قد فعلت أحد هذه الأمور، أو إذا كانت لديك أسئلة، فاتصل بمكتب المساعدة في { $organization } على الرقم { $helpdesk_phone }.
contacts-warning-closing = شكرًا لك، ونعتذر عن الإزعاج.
