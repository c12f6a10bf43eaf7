# نصوص موقع المساعدة وقوائم التحقق (ar-SA).
site-title = مركز المساعدة
language-name = العربية
choose-language = اختر لغتك
index-previous = الصفحة السابقة
index-next = الصفحة التالية
index-page = الصفحة { $page } من { $pages }
breadcrumbs = مسار التنقل
articles-heading = المقالات
skip-to-content = الانتقال إلى المحتوى
on-this-page = في هذه الصفحة
steps-heading = الخطوات
step-label = الخطوة { $number }
substep-label = الخطوة { $number }
optional = اختياري
optional-suffix = (اختياري)
callout-note = ملاحظة
callout-tip = تلميح
callout-important = هام
callout-warning = تحذير
callout-caution = تنبيه
video-link = شاهد الفيديو
video-link-titled = شاهد الفيديو: { $title }
code-sample-unavailable = نموذج التعليمات البرمجية "{ $name }" ({ $file }) ليس جزءًا من هذا الموقع.
code-file-unavailable = التعليمات البرمجية من { $file } ليست جزءًا من هذا الموقع.
include-missing = تعذّر تضمين هذا الجزء من المقالة.
banner-machine-translated = تُرجمت هذه المقالة آليًا، وقد تحتوي على أخطاء.
banner-fallback = هذه المقالة غير متوفرة باللغة { $language }، ولذلك تُعرض باللغة { $fallback }.
other-languages = هذه المقالة بلغات أخرى
machine-translated-marker = مترجمة آليًا
fallback-marker = باللغة { $language }
checklist-link = فتح كقائمة تحقق
checklist-title = قائمة التحقق: { $title }
checklist-intro = ضع علامة على كل خطوة عند إنجازها. لكل حادثة تشغيل خاص بها: تبقى العلامات والأوقات والملاحظات محفوظة في هذا المستعرض، حتى عند تغيير اللغة.
checklist-reset = مسح كل العلامات
checklist-print = طباعة
checklist-back = العودة إلى المقالة
checklist-no-steps = لا تحتوي هذه المقالة على خطوات لوضع علامة عليها.
checklist-links = الروابط
link-unavailable = هذه المقالة ليست جزءًا من هذا الموقع.
checklist-generated = أنشأه kbgen من { $source }
run-legend = الحادثة
run-reference = مرجع الحادثة
run-account = الحساب المتأثر
run-responder = المستجيب
run-started = وقت البدء
run-ended = وقت الانتهاء
run-not-finished = لم ينتهِ بعد
run-progress = التقدم
run-required-progress = الخطوات المطلوبة المنجزة: { $done } من { $total }
run-optional-progress = الخطوات الاختيارية المنجزة: { $done } من { $total }
run-complete = تم إنجاز كل الخطوات المطلوبة.
run-tick-time = أُنجزت { $time }
run-tick-time-by = أنجزها { $name } { $time }
run-note = ملاحظة
run-export = تصدير السجل
run-new = تشغيل جديد
run-recent = عمليات تشغيل أخرى لقائمة التحقق هذه
run-reset-confirm = هل تريد مسح كل العلامات والملاحظات في هذا التشغيل؟ يبقى المرجع والحساب والمستجيب كما هي.
run-reset-cancel = الاحتفاظ بالعلامات
run-reset-clear = مسح العلامات
run-reset-done = تم مسح علامات هذا التشغيل.
run-undo = تراجع
record-title = سجل الحادثة: { $title }
record-missing-steps = خطوات التشغيل غير الموجودة في هذا الإصدار من المقالة
record-time = { $time } بالتوقيت العالمي المنسق
# أسماء اللغات في النص
lang-en = الإنجليزية
lang-nl = الهولندية
lang-sv = السويدية
lang-ar = العربية
lang-ja = اليابانية
provenance-updated = آخر تحديث: { $date }
provenance-human = ترجمة بشرية
provenance-machine = ترجمة آلية
provenance-original = النص الأصلي
provenance-source = الملف المصدر
show-english = عرض النص الإنجليزي

# site search and navigation
search-label = البحث في هذه المقالات
search-count = { $count ->
    [zero] لا توجد نتائج
    [one] نتيجة واحدة
    [two] نتيجتان
    [few] { $count } نتائج
   *[other] { $count } نتيجة
}
search-none = لا توجد نتائج
search-failed = البحث غير متاح هنا: افتح الموقع من خادم ويب.
search-results = نتائج البحث
previous-article = السابق
next-article = التالي
site-navigation = المقالات
article-pager = المقالة السابقة والتالية
search-more = مزيد من النتائج
