<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fa">
<context>
    <name>AboutDialog</name>
    <message>
        <source>Xinference server</source>
        <translation>سرور Xinference</translation>
    </message>
    <message>
        <source>Server endpoint</source>
        <translation>نشانی سرور</translation>
    </message>
    <message>
        <source>Operating system</source>
        <translation>سیستم‌عامل</translation>
    </message>
    <message>
        <source>Machine</source>
        <translation>دستگاه</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>پروندهٔ تنظیمات</translation>
    </message>
    <message>
        <source>Server logs</source>
        <translation>گزارش‌های سرور</translation>
    </message>
    <message>
        <source>Xinference home</source>
        <translation>پوشهٔ خانگی Xinference</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>موتور</translation>
    </message>
    <message>
        <source>About Xinference Manager</source>
        <translation>دربارهٔ Xinference Manager</translation>
    </message>
    <message>
        <source>&lt;b&gt;Xinference Manager&lt;/b&gt;&lt;br&gt;Run local AI models with Xinference and plug them into Dify.</source>
        <translation>‏&lt;b&gt;Xinference Manager&lt;/b&gt;&lt;br&gt;مدل‌های هوش مصنوعی را با Xinference روی رایانهٔ خود اجرا کنید و به Dify وصل کنید.</translation>
    </message>
    <message>
        <source>Copy diagnostics</source>
        <translation>کپی اطلاعات عیب‌یابی</translation>
    </message>
    <message>
        <source>Versions and paths for a bug report; no password, token or API key</source>
        <translation>نسخه‌ها و مسیرها برای گزارش اشکال؛ بدون گذرواژه، توکن یا کلید API</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>کپی شد</translation>
    </message>
</context>
<context>
    <name>AppTray</name>
    <message>
        <source>Server: stopped</source>
        <translation>سرور: متوقف</translation>
    </message>
    <message>
        <source>Open Xinference Manager</source>
        <translation>باز کردن Xinference Manager</translation>
    </message>
    <message>
        <source>Start server</source>
        <translation>راه‌اندازی سرور</translation>
    </message>
    <message>
        <source>Stop server</source>
        <translation>توقف سرور</translation>
    </message>
    <message>
        <source>Copy endpoint</source>
        <translation>کپی نشانی سرور</translation>
    </message>
    <message>
        <source>Running models</source>
        <translation>مدل‌های در حال اجرا</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>خروج</translation>
    </message>
    <message>
        <source>Server: running at %s</source>
        <translation>سرور: در حال اجرا در %s</translation>
    </message>
    <message>
        <source>Server: starting…</source>
        <translation>سرور: در حال راه‌اندازی…</translation>
    </message>
    <message>
        <source>Server: stopping…</source>
        <translation>سرور: در حال توقف…</translation>
    </message>
    <message>
        <source>Server: crashed</source>
        <translation>سرور: از کار افتاد</translation>
    </message>
    <message>
        <source>Xinference Manager — %s</source>
        <translation>Xinference Manager — %s</translation>
    </message>
    <message>
        <source>Xinference server crashed</source>
        <translation>سرور Xinference از کار افتاد</translation>
    </message>
    <message>
        <source>Open the Server page to see why.</source>
        <translation>برای دیدن علت، صفحهٔ «سرور» را باز کنید.</translation>
    </message>
    <message>
        <source>Model failed</source>
        <translation>خطای مدل</translation>
    </message>
    <message>
        <source>Endpoint copied</source>
        <translation>نشانی سرور کپی شد</translation>
    </message>
    <message>
        <source>The server is not running</source>
        <translation>سرور در حال اجرا نیست</translation>
    </message>
    <message>
        <source>No model is running</source>
        <translation>هیچ مدلی در حال اجرا نیست</translation>
    </message>
    <message>
        <source>Copy UID: %s (%s)</source>
        <translation>کپی UID: %s (%s)</translation>
    </message>
    <message>
        <source>UID %s copied</source>
        <translation>‏UID %s کپی شد</translation>
    </message>
    <message>
        <source>UID copied</source>
        <translation>‏UID کپی شد</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
</context>
<context>
    <name>CatalogDetail</name>
    <message>
        <source>Launch…</source>
        <translation>اجرا…</translation>
    </message>
    <message>
        <source>Select a model to see its variants.</source>
        <translation>برای دیدن گونه‌های یک مدل، آن را انتخاب کنید.</translation>
    </message>
    <message>
        <source>custom</source>
        <translation>سفارشی</translation>
    </message>
    <message>
        <source>&lt;i&gt;no description&lt;/i&gt;</source>
        <translation>&lt;i&gt;بدون توضیح&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Abilities: {v}</source>
        <translation>توانایی‌ها: {v}</translation>
    </message>
    <message>
        <source>Languages: {v}</source>
        <translation>زبان‌ها: {v}</translation>
    </message>
    <message>
        <source>Context length: {v}</source>
        <translation>طول زمینه: {v}</translation>
    </message>
    <message>
        <source>Server recommendation unavailable: {e}</source>
        <translation>پیشنهاد سرور در دسترس نیست: {e}</translation>
    </message>
    <message>
        <source>This server has no recommender (Xinference before 4.0).</source>
        <translation>این سرور پیشنهاددهنده ندارد (Xinference پیش از ۴٫۰).</translation>
    </message>
</context>
<context>
    <name>CatalogFilterBar</name>
    <message>
        <source>Type</source>
        <translation>نوع</translation>
    </message>
    <message>
        <source>Ability</source>
        <translation>توانایی</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>زبان</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>قالب</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>موتور</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>کوانتیزه‌سازی</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>منشأ</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>جستجو</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>اندازه</translation>
    </message>
    <message>
        <source>Cached</source>
        <translation>ذخیره‌شده</translation>
    </message>
    <message>
        <source>Fits</source>
        <translation>جا می‌شود</translation>
    </message>
    <message>
        <source>Search name, description or model id…</source>
        <translation>جستجو در نام، توضیح یا شناسهٔ مدل…</translation>
    </message>
    <message>
        <source>any</source>
        <translation>همه</translation>
    </message>
    <message>
        <source>builtin</source>
        <translation>داخلی</translation>
    </message>
    <message>
        <source>custom</source>
        <translation>سفارشی</translation>
    </message>
    <message>
        <source>Size (B params)</source>
        <translation>اندازه (میلیارد پارامتر)</translation>
    </message>
    <message>
        <source>Cached only</source>
        <translation>فقط ذخیره‌شده‌ها</translation>
    </message>
    <message>
        <source>Fits this machine</source>
        <translation>روی این دستگاه جا می‌شود</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>پاک کردن فیلترها</translation>
    </message>
    <message>
        <source>Remove this filter</source>
        <translation>حذف این فیلتر</translation>
    </message>
</context>
<context>
    <name>CatalogModel</name>
    <message>
        <source>Best fit</source>
        <translation>بهترین گزینه</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Sizes</source>
        <translation>اندازه‌ها</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>نوع</translation>
    </message>
    <message>
        <source>Abilities</source>
        <translation>توانایی‌ها</translation>
    </message>
    <message>
        <source>Formats</source>
        <translation>قالب‌ها</translation>
    </message>
    <message>
        <source>Cached</source>
        <translation>ذخیره‌شده</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>منشأ</translation>
    </message>
    <message>
        <source>estimate {m} on {d} ({c} confidence): {b}</source>
        <translation>برآورد {m} روی {d} (اطمینان {c}): {b}</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>بله</translation>
    </message>
    <message>
        <source>builtin</source>
        <translation>داخلی</translation>
    </message>
    <message>
        <source>custom</source>
        <translation>سفارشی</translation>
    </message>
</context>
<context>
    <name>CatalogPage</name>
    <message>
        <source>Tokens the memory estimate budgets for (KV cache and workspace)</source>
        <translation>تعداد توکن‌هایی که برآورد حافظه برایشان جا در نظر می‌گیرد (حافظهٔ KV و فضای کاری)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>بازخوانی</translation>
    </message>
    <message>
        <source>Not loaded yet</source>
        <translation>هنوز بارگیری نشده</translation>
    </message>
    <message>
        <source>Register local model...</source>
        <translation>ثبت مدل محلی...</translation>
    </message>
    <message>
        <source>A model folder or .gguf file on this machine: type, format and name are read from its files</source>
        <translation>پوشهٔ مدل یا پروندهٔ ‎.gguf روی این دستگاه: نوع، قالب و نام از پرونده‌هایش خوانده می‌شود</translation>
    </message>
    <message>
        <source>Set up for Dify...</source>
        <translation>آماده‌سازی برای Dify...</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>طول زمینه</translation>
    </message>
    <message>
        <source>Updating the catalog from {url}…</source>
        <translation>در حال به‌روزرسانی کاتالوگ از {url}…</translation>
    </message>
    <message>
        <source>showing the cached catalog</source>
        <translation>کاتالوگ ذخیره‌شده نمایش داده می‌شود</translation>
    </message>
    <message>
        <source>nothing cached yet</source>
        <translation>هنوز چیزی ذخیره نشده</translation>
    </message>
    <message>
        <source>Last updated {when} (Xinference {v})</source>
        <translation>آخرین به‌روزرسانی: {when} (Xinference {v})</translation>
    </message>
    <message>
        <source>{n} of {total} models · {s} variants</source>
        <translation>‏{n} از {total} مدل · {s} گونه</translation>
    </message>
    <message>
        <source>Registered {name} ({type}).</source>
        <translation>‏{name} ({type}) ثبت شد.</translation>
    </message>
    <message>
        <source>It is hidden by the filters above.</source>
        <translation>فیلترهای بالا آن را پنهان کرده‌اند.</translation>
    </message>
</context>
<context>
    <name>ClusterPage</name>
    <message>
        <source>Not a cluster: the endpoint runs a single server.</source>
        <translation>خوشه نیست: این نشانی یک سرور تکی را اجرا می‌کند.</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>بازخوانی</translation>
    </message>
    <message>
        <source>Local cluster on this machine</source>
        <translation>خوشهٔ محلی روی این دستگاه</translation>
    </message>
    <message>
        <source>Workers: </source>
        <translation>گره‌های کاری: </translation>
    </message>
    <message>
        <source>Start cluster</source>
        <translation>راه‌اندازی خوشه</translation>
    </message>
    <message>
        <source>Stop cluster</source>
        <translation>توقف خوشه</translation>
    </message>
    <message>
        <source>Not running.</source>
        <translation>در حال اجرا نیست.</translation>
    </message>
    <message>
        <source>Log of</source>
        <translation>گزارشِ</translation>
    </message>
    <message>
        <source>Not a cluster: %s runs a single server.</source>
        <translation>خوشه نیست: %s یک سرور تکی را اجرا می‌کند.</translation>
    </message>
    <message>
        <source>Cluster at %1 · supervisor %2 · up %3 s · %4 worker(s), %5 lost</source>
        <translation>خوشه در %1 · گره ناظر %2 · %3 ثانیه در حال کار · %4 گره کاری، %5 از دست رفته</translation>
    </message>
    <message>
        <source>no model</source>
        <translation>بدون مدل</translation>
    </message>
    <message>
        <source>A cluster worker was lost</source>
        <translation>یک گره کاری خوشه از دست رفت</translation>
    </message>
    <message>
        <source>%1 stopped answering; it ran: %2</source>
        <translation>‏%1 دیگر پاسخ نمی‌دهد؛ این‌ها را اجرا می‌کرد: %2</translation>
    </message>
    <message>
        <source>%1 ended: %2</source>
        <translation>‏%1 پایان یافت: %2</translation>
    </message>
    <message>
        <source>A cluster process ended</source>
        <translation>یکی از فرایندهای خوشه پایان یافت</translation>
    </message>
    <message>
        <source>Running at %s</source>
        <translation>در حال اجرا در %s</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>در حال راه‌اندازی…</translation>
    </message>
    <message>
        <source>Cluster ready in %s s</source>
        <translation>خوشه در %s ثانیه آماده شد</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>در حال توقف…</translation>
    </message>
</context>
<context>
    <name>ClusterWorkersModel</name>
    <message>
        <source>Worker</source>
        <translation>گره کاری (Worker)</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>سلامت</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>نسخه</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>‏CPU</translation>
    </message>
    <message>
        <source>Memory free</source>
        <translation>حافظهٔ آزاد</translation>
    </message>
    <message>
        <source>GPUs</source>
        <translation>‏GPUها</translation>
    </message>
    <message>
        <source>GPU memory free</source>
        <translation>حافظهٔ آزاد GPU</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>مدل‌ها</translation>
    </message>
</context>
<context>
    <name>ConnectionBar</name>
    <message>
        <source>Local managed server</source>
        <translation>سرور محلی مدیریت‌شده</translation>
    </message>
    <message>
        <source>Remote endpoint</source>
        <translation>سرور راه دور</translation>
    </message>
    <message>
        <source>API key (if login is on)</source>
        <translation>کلید API (اگر ورود فعال است)</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>اتصال</translation>
    </message>
</context>
<context>
    <name>DifyLocationDialog</name>
    <message>
        <source>Where Dify runs</source>
        <translation>محل اجرای Dify</translation>
    </message>
</context>
<context>
    <name>DifyLocationPanel</name>
    <message>
        <source>On this machine</source>
        <translation>روی همین دستگاه</translation>
    </message>
    <message>
        <source>Dify runs here, not in Docker: the server stays on 127.0.0.1.</source>
        <translation>‏Dify همین‌جا اجرا می‌شود، نه در Docker: سرور روی 127.0.0.1 می‌ماند.</translation>
    </message>
    <message>
        <source>Docker Desktop</source>
        <translation>‏Docker Desktop</translation>
    </message>
    <message>
        <source>Mac or Windows: Dify reaches the server at host.docker.internal; it stays on 127.0.0.1.</source>
        <translation>مک یا ویندوز: Dify از طریق host.docker.internal به سرور دسترسی دارد؛ سرور روی 127.0.0.1 می‌ماند.</translation>
    </message>
    <message>
        <source>Docker on Linux</source>
        <translation>‏Docker روی لینوکس</translation>
    </message>
    <message>
        <source>The server listens on all addresses, with login on; Dify uses this machine&apos;s address.</source>
        <translation>سرور روی همهٔ نشانی‌ها گوش می‌دهد و ورود روشن است؛ Dify از نشانی این دستگاه استفاده می‌کند.</translation>
    </message>
    <message>
        <source>Another machine</source>
        <translation>دستگاهی دیگر</translation>
    </message>
    <message>
        <source>The server listens on the network, with login on; Dify uses this machine&apos;s address.</source>
        <translation>سرور روی شبکه گوش می‌دهد و ورود روشن است؛ Dify از نشانی این دستگاه استفاده می‌کند.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Where does Dify run?&lt;/b&gt;</source>
        <translation>‏&lt;b&gt;Dify کجا اجرا می‌شود؟&lt;/b&gt;</translation>
    </message>
    <message>
        <source>This decides where the server listens and the URL you paste into Dify. You can change it later in Settings → Where Dify runs…</source>
        <translation>این انتخاب تعیین می‌کند سرور کجا گوش دهد و چه نشانی‌ای را در Dify بچسبانید. بعداً می‌توانید آن را در «تنظیمات ← محل اجرای Dify…» تغییر دهید.</translation>
    </message>
    <message>
        <source>I don&apos;t use Dify</source>
        <translation>از Dify استفاده نمی‌کنم</translation>
    </message>
</context>
<context>
    <name>DifyPage</name>
    <message>
        <source>the UID shown on the Running page</source>
        <translation>‏UID نمایش‌داده‌شده در صفحهٔ «مدل‌های در حال اجرا»</translation>
    </message>
    <message>
        <source>only for a server with login (xf-...)</source>
        <translation>فقط برای سروری که ورود دارد (xf-...)</translation>
    </message>
    <message>
        <source>detected: {0}</source>
        <translation>شناسایی‌شده: {0}</translation>
    </message>
    <message>
        <source>Model type</source>
        <translation>نوع مدل</translation>
    </message>
    <message>
        <source>On this machine (not in Docker)</source>
        <translation>روی همین دستگاه (نه در Docker)</translation>
    </message>
    <message>
        <source>Docker Desktop (Mac, Windows)</source>
        <translation>‏Docker Desktop (مک، ویندوز)</translation>
    </message>
    <message>
        <source>Docker on Linux</source>
        <translation>‏Docker روی لینوکس</translation>
    </message>
    <message>
        <source>Another machine</source>
        <translation>دستگاهی دیگر</translation>
    </message>
    <message>
        <source>LLM</source>
        <translation>LLM</translation>
    </message>
    <message>
        <source>Text Embedding</source>
        <translation>جاسازی متن (Text Embedding)</translation>
    </message>
    <message>
        <source>Rerank</source>
        <translation>رتبه‌بندی دوباره (Rerank)</translation>
    </message>
    <message>
        <source>Speech2text</source>
        <translation>گفتار به متن (Speech2text)</translation>
    </message>
    <message>
        <source>TTS</source>
        <translation>متن به گفتار (TTS)</translation>
    </message>
    <message>
        <source>an API key of this server (Server page → Login → Create API key for Dify)</source>
        <translation>یک کلید API از این سرور (صفحهٔ «سرور» ← ورود ← ساخت کلید API برای Dify)</translation>
    </message>
    <message>
        <source>copy it from the Running page</source>
        <translation>آن را از صفحهٔ «مدل‌های در حال اجرا» کپی کنید</translation>
    </message>
    <message>
        <source>detected when needed</source>
        <translation>در صورت نیاز شناسایی می‌شود</translation>
    </message>
    <message>
        <source>Server URL</source>
        <translation>نشانی URL سرور</translation>
    </message>
    <message>
        <source>Model UID</source>
        <translation>‏UID مدل</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>کلید API</translation>
    </message>
    <message>
        <source>Where does Dify run?</source>
        <translation>‏Dify کجا اجرا می‌شود؟</translation>
    </message>
    <message>
        <source>This machine&apos;s address for Dify</source>
        <translation>نشانی این دستگاه برای Dify</translation>
    </message>
    <message>
        <source>Test as Dify would</source>
        <translation>آزمون به روش Dify</translation>
    </message>
    <message>
        <source>Copy report</source>
        <translation>کپی گزارش</translation>
    </message>
    <message>
        <source>Copy Dify settings</source>
        <translation>کپی تنظیمات Dify</translation>
    </message>
    <message>
        <source>Use this URL</source>
        <translation>استفاده از این URL</translation>
    </message>
    <message>
        <source>Restart server on 0.0.0.0…</source>
        <translation>راه‌اندازی دوبارهٔ سرور روی 0.0.0.0…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Dify connection test&lt;/b&gt;: runs the validation of Dify&apos;s Xinference provider, from where Dify runs, and explains each failure.</source>
        <translation>&lt;b&gt;آزمون اتصال Dify&lt;/b&gt;: اعتبارسنجی ارائه‌دهندهٔ Xinference در Dify را از جایی که Dify اجرا می‌شود انجام می‌دهد و علت هر خطا را توضیح می‌دهد.</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>در حال آزمون…</translation>
    </message>
    <message>
        <source>Cannot test: {0}</source>
        <translation>آزمون ممکن نیست: {0}</translation>
    </message>
    <message>
        <source>✓ Dify will accept this.</source>
        <translation>‏✓ Dify این را می‌پذیرد.</translation>
    </message>
    <message>
        <source>✗ Dify will refuse this. Dify would show: {0}</source>
        <translation>‏✗ Dify این را نمی‌پذیرد. پیام Dify: {0}</translation>
    </message>
    <message>
        <source>Server URL that works from where Dify runs: {0}</source>
        <translation>نشانی سروری که از محل اجرای Dify کار می‌کند: {0}</translation>
    </message>
    <message>
        <source>Copied the report (without the API key)</source>
        <translation>گزارش کپی شد (بدون کلید API)</translation>
    </message>
    <message>
        <source>Copied the settings for Dify&apos;s form</source>
        <translation>تنظیمات فرم Dify کپی شد</translation>
    </message>
    <message>
        <source> Login is off: anyone on the network will be able to use it.</source>
        <translation> ورود خاموش است: هر کسی در شبکه می‌تواند از آن استفاده کند.</translation>
    </message>
    <message>
        <source>Restart the server on {0} from the Server page.</source>
        <translation>سرور را از صفحهٔ «سرور» روی {0} دوباره راه‌اندازی کنید.</translation>
    </message>
</context>
<context>
    <name>DifyReachRow</name>
    <message>
        <source>this machine</source>
        <translation>همین دستگاه</translation>
    </message>
    <message>
        <source>Dify&apos;s plugin daemon container (Docker Desktop)</source>
        <translation>کانتینر دیمن افزونه‌های Dify (Docker Desktop)</translation>
    </message>
    <message>
        <source>Dify&apos;s plugin daemon container (Docker on Linux)</source>
        <translation>کانتینر دیمن افزونه‌های Dify (Docker روی لینوکس)</translation>
    </message>
    <message>
        <source>the machine where Dify runs</source>
        <translation>دستگاهی که Dify روی آن اجرا می‌شود</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>کپی</translation>
    </message>
    <message>
        <source>Dify reaches this server at &lt;b&gt;{0}&lt;/b&gt;</source>
        <translation>‏Dify از نشانی &lt;b&gt;{0}&lt;/b&gt; به این سرور دسترسی دارد</translation>
    </message>
    <message>
        <source> (from this machine; choose where Dify runs in Settings → Where Dify runs…)</source>
        <translation> (از همین دستگاه؛ محل اجرای Dify را در «تنظیمات ← محل اجرای Dify…» انتخاب کنید)</translation>
    </message>
    <message>
        <source> once the server listens on the network: from {0} it cannot reach {1}.</source>
        <translation>، پس از آنکه سرور روی شبکه گوش دهد: از {0} نمی‌توان به {1} دسترسی داشت.</translation>
    </message>
    <message>
        <source>Copied {0}</source>
        <translation>‏{0} کپی شد</translation>
    </message>
</context>
<context>
    <name>DifyStepsModel</name>
    <message>
        <source>Step</source>
        <translation>مرحله</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>نتیجه</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>زمان</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>جزئیات</translation>
    </message>
    <message>
        <source>{0:.2f} s</source>
        <translation>‏{0:.2f} ثانیه</translation>
    </message>
    <message>
        <source>Cause: {0}</source>
        <translation>علت: {0}</translation>
    </message>
    <message>
        <source>Fix: {0}</source>
        <translation>راه‌حل: {0}</translation>
    </message>
</context>
<context>
    <name>EnginePanel</name>
    <message>
        <source>Engine</source>
        <translation>موتور</translation>
    </message>
    <message>
        <source>Looking for Xinference…</source>
        <translation>در حال یافتن Xinference…</translation>
    </message>
    <message>
        <source>Find again</source>
        <translation>جستجوی دوباره</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>انتخاب…</translation>
    </message>
    <message>
        <source>Point at an xinference-local program or the venv that holds it</source>
        <translation>برنامهٔ xinference-local یا محیط مجازی (venv) دارای آن را نشان دهید</translation>
    </message>
    <message>
        <source>pip requirement(s), e.g. xinference[all] or xinference==4.1.0</source>
        <translation>نیازمندی pip، مثلاً xinference[all] یا xinference==4.1.0</translation>
    </message>
    <message>
        <source>extra pip arguments (optional)</source>
        <translation>آرگومان‌های اضافی pip (اختیاری)</translation>
    </message>
    <message>
        <source>Install Xinference</source>
        <translation>نصب Xinference</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>لغو</translation>
    </message>
    <message>
        <source>Install another…</source>
        <translation>نصب نسخهٔ دیگر…</translation>
    </message>
    <message>
        <source>Install or upgrade Xinference in the app&apos;s own environment</source>
        <translation>نصب یا ارتقای Xinference در محیط خود برنامه</translation>
    </message>
    <message>
        <source>Install:</source>
        <translation>نصب:</translation>
    </message>
    <message>
        <source>Proposed for this machine: %s</source>
        <translation>پیشنهاد برای این دستگاه: %s</translation>
    </message>
    <message>
        <source>%1 cannot be reached (%2): pip would retry it for minutes, then take torch from PyPI, which on Linux is the CUDA build: about %3 GB to download instead of the CPU build, for a GPU this machine does not have.</source>
        <translation>‏%1 در دسترس نیست (%2): pip چند دقیقه دوباره تلاش می‌کند و سپس torch را از PyPI می‌گیرد که روی لینوکس نسخهٔ CUDA است: به جای نسخهٔ CPU حدود %3 GB دانلود، آن هم برای GPUای که این دستگاه ندارد.</translation>
    </message>
    <message>
        <source>%1 cannot be reached (%2): pip would retry it for minutes, then take what should come from it from PyPI, if PyPI has it.</source>
        <translation>‏%1 در دسترس نیست (%2): pip چند دقیقه دوباره تلاش می‌کند و سپس آنچه باید از آن می‌آمد را از PyPI می‌گیرد، اگر PyPI آن را داشته باشد.</translation>
    </message>
    <message>
        <source>Check the proxy or firewall (pip uses HTTPS_PROXY) and press Install, or press &quot;Install without it&quot; to go on without that index.</source>
        <translation>پراکسی یا دیوار آتش را بررسی کنید (pip از HTTPS_PROXY استفاده می‌کند) و «نصب» را بزنید، یا «نصب بدون آن» را بزنید تا بدون آن مخزن ادامه دهید.</translation>
    </message>
    <message>
        <source>Xinference is not installed. Install it below, or choose an existing xinference-local.</source>
        <translation>‏Xinference نصب نیست. آن را در پایین نصب کنید یا یک xinference-local موجود را انتخاب کنید.</translation>
    </message>
    <message>
        <source>Choose xinference-local</source>
        <translation>انتخاب xinference-local</translation>
    </message>
    <message>
        <source>Extra pip arguments: %s</source>
        <translation>آرگومان‌های اضافی pip: %s</translation>
    </message>
    <message>
        <source>Installed.</source>
        <translation>نصب شد.</translation>
    </message>
    <message>
        <source>Cancelled; the previous engine (if any) is unchanged.</source>
        <translation>لغو شد؛ موتور قبلی (اگر بود) دست‌نخورده ماند.</translation>
    </message>
    <message>
        <source>The install failed.</source>
        <translation>نصب ناموفق بود.</translation>
    </message>
    <message>
        <source>Checking the package indexes…</source>
        <translation>در حال بررسی مخزن‌های بسته…</translation>
    </message>
    <message>
        <source>Install without it</source>
        <translation>نصب بدون آن</translation>
    </message>
    <message>
        <source>Installed (%s).</source>
        <translation>نصب شد (%s).</translation>
    </message>
    <message>
        <source>The CPU-only install brought torch %1, built for CUDA %2: pip did not take it from the CPU index.</source>
        <translation>نصب ویژهٔ CPU نسخهٔ %1 از torch را آورد که برای CUDA %2 ساخته شده است: pip آن را از مخزن CPU نگرفت.</translation>
    </message>
</context>
<context>
    <name>HardwarePanel</name>
    <message>
        <source>Judged on</source>
        <translation>ارزیابی بر پایهٔ</translation>
    </message>
    <message>
        <source>CPU cores</source>
        <translation>هسته‌های CPU</translation>
    </message>
    <message>
        <source>RAM</source>
        <translation>حافظهٔ RAM</translation>
    </message>
    <message>
        <source>GPUs</source>
        <translation>‏GPUها</translation>
    </message>
    <message>
        <source>OS / arch</source>
        <translation>سیستم‌عامل / معماری</translation>
    </message>
    <message>
        <source>Engines installed</source>
        <translation>موتورهای نصب‌شده</translation>
    </message>
    <message>
        <source>Engines not installed</source>
        <translation>موتورهای نصب‌نشده</translation>
    </message>
    <message>
        <source>Quantization packages</source>
        <translation>بسته‌های کوانتیزه‌سازی</translation>
    </message>
    <message>
        <source>this machine</source>
        <translation>همین دستگاه</translation>
    </message>
    <message>
        <source>Hardware</source>
        <translation>سخت‌افزار</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>نامعلوم</translation>
    </message>
    <message>
        <source>{free} free of {total}</source>
        <translation>‏{free} آزاد از {total}</translation>
    </message>
    <message>
        <source>{name} (#{i}): {free} free of {total}</source>
        <translation>‏{name} (#{i}): {free} آزاد از {total}</translation>
    </message>
    <message>
        <source>none found</source>
        <translation>چیزی یافت نشد</translation>
    </message>
    <message>
        <source>not reported</source>
        <translation>گزارش نشده</translation>
    </message>
    <message>
        <source>unknown (server not reachable)</source>
        <translation>نامعلوم (سرور در دسترس نیست)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>هیچ</translation>
    </message>
    <message>
        <source>not checked (a remote server, or not reachable)</source>
        <translation>بررسی نشد (سرور راه دور یا در دسترس نیست)</translation>
    </message>
    <message>
        <source>none (GPTQ, AWQ, bnb, GGUF cannot load)</source>
        <translation>هیچ (GPTQ، AWQ، bnb و GGUF بارگیری نمی‌شوند)</translation>
    </message>
</context>
<context>
    <name>LaunchDialog</name>
    <message>
        <source>Launch {0}</source>
        <translation>اجرای {0}</translation>
    </message>
    <message>
        <source>e.g. 0,1 (overrides the GPU count)</source>
        <translation>مثلاً 0,1 (به جای تعداد GPU به کار می‌رود)</translation>
    </message>
    <message>
        <source>optional: the server picks one</source>
        <translation>اختیاری: سرور خودش یکی انتخاب می‌کند</translation>
    </message>
    <message>
        <source>model default</source>
        <translation>پیش‌فرض مدل</translation>
    </message>
    <message>
        <source>Option</source>
        <translation>گزینه</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>مقدار</translation>
    </message>
    <message>
        <source>Add option</source>
        <translation>افزودن گزینه</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>موتور</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>قالب</translation>
    </message>
    <message>
        <source>Size (billions)</source>
        <translation>اندازه (میلیارد)</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>کوانتیزه‌سازی</translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation>تعداد رونوشت‌ها</translation>
    </message>
    <message>
        <source>GPU count</source>
        <translation>تعداد GPU</translation>
    </message>
    <message>
        <source>GPU indices</source>
        <translation>شمارهٔ GPUها</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>گره کاری (Worker)</translation>
    </message>
    <message>
        <source>Download hub</source>
        <translation>منبع دانلود</translation>
    </message>
    <message>
        <source>Model UID</source>
        <translation>‏UID مدل</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>طول زمینه</translation>
    </message>
    <message>
        <source>Extra options</source>
        <translation>گزینه‌های اضافی</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>دستگاه پردازش</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>شروع نشده</translation>
    </message>
    <message>
        <source>Launch</source>
        <translation>اجرا</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <source>Copy as xinference command</source>
        <translation>کپی به‌صورت فرمان xinference</translation>
    </message>
    <message>
        <source>Copy as xinference-manager command</source>
        <translation>کپی به‌صورت فرمان xinference-manager</translation>
    </message>
    <message>
        <source>{0} (unavailable: {1})</source>
        <translation>‏{0} (در دسترس نیست: {1})</translation>
    </message>
    <message>
        <source>No engine on this server can run this model; see each engine&apos;s reason.</source>
        <translation>هیچ موتوری روی این سرور نمی‌تواند این مدل را اجرا کند؛ علت هر موتور را ببینید.</translation>
    </message>
    <message>
        <source>Could not list engines: {0}</source>
        <translation>فهرست موتورها به دست نیامد: {0}</translation>
    </message>
    <message>
        <source>Defaults come from the server&apos;s recommendation.</source>
        <translation>مقادیر پیش‌فرض از پیشنهاد سرور گرفته شده‌اند.</translation>
    </message>
    <message>
        <source>{0} of memory free</source>
        <translation>‏{0} حافظهٔ آزاد</translation>
    </message>
    <message>
        <source>GPU indices must be numbers separated by commas</source>
        <translation>شمارهٔ GPUها باید عددهایی جداشده با ویرگول باشد</translation>
    </message>
    <message>
        <source>Command copied</source>
        <translation>فرمان کپی شد</translation>
    </message>
    <message>
        <source>Submitting...</source>
        <translation>در حال ارسال...</translation>
    </message>
    <message>
        <source>Launching as {0}</source>
        <translation>در حال اجرا با نام {0}</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <source>{0} is ready ({1:.1f} s)</source>
        <translation>‏{0} آماده است ({1:.1f} ثانیه)</translation>
    </message>
    <message>
        <source>{0} is ready</source>
        <translation>‏{0} آماده است</translation>
    </message>
    <message>
        <source>Model ready</source>
        <translation>مدل آماده است</translation>
    </message>
    <message>
        <source>Launch failed</source>
        <translation>اجرا ناموفق بود</translation>
    </message>
    <message>
        <source>Server said: {0}</source>
        <translation>پاسخ سرور: {0}</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>لغو شد</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>ناموفق</translation>
    </message>
    <message>
        <source>Cancel launch</source>
        <translation>لغو اجرا</translation>
    </message>
    <message>
        <source>Cancelling: waiting for the server to accept the launch...</source>
        <translation>در حال لغو: منتظر پذیرش درخواست اجرا از سوی سرور...</translation>
    </message>
    <message>
        <source>Cancelling...</source>
        <translation>در حال لغو...</translation>
    </message>
</context>
<context>
    <name>LogView</name>
    <message>
        <source>Search the log…</source>
        <translation>جستجو در گزارش…</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>دنبال کردن</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>باز کردن پوشهٔ گزارش‌ها</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>پاک کردن</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s)</source>
        <translation>
            <numerusform>%n خط</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LoginPanel</name>
    <message>
        <source>stored in the system keyring</source>
        <translation>در کلیددان سیستم ذخیره می‌شود</translation>
    </message>
    <message>
        <source>stored in a file only you can read</source>
        <translation>در پرونده‌ای ذخیره می‌شود که فقط شما می‌توانید بخوانید</translation>
    </message>
    <message>
        <source>This server has no login (Xinference before 3.0).</source>
        <translation>این سرور ورود ندارد (Xinference پیش از ۳٫۰).</translation>
    </message>
    <message>
        <source>Login is off on this server.</source>
        <translation>ورود روی این سرور خاموش است.</translation>
    </message>
    <message>
        <source>First-run setup is due: create the admin account.</source>
        <translation>راه‌اندازی نخستین لازم است: حساب مدیر را بسازید.</translation>
    </message>
    <message>
        <source>Logged in.</source>
        <translation>وارد شده‌اید.</translation>
    </message>
    <message>
        <source>Login required.</source>
        <translation>ورود لازم است.</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>ورود</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>متصل نیست.</translation>
    </message>
    <message>
        <source>read from the server log</source>
        <translation>از گزارش سرور خوانده می‌شود</translation>
    </message>
    <message>
        <source>Remember password (%s)</source>
        <translation>به خاطر سپردن گذرواژه (%s)</translation>
    </message>
    <message>
        <source>Lets the app log in again by itself when the session expires.</source>
        <translation>وقتی نشست منقضی شود، برنامه خودش دوباره وارد می‌شود.</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>ورود</translation>
    </message>
    <message>
        <source>Create API key for Dify</source>
        <translation>ساخت کلید API برای Dify</translation>
    </message>
    <message>
        <source>the new key appears here</source>
        <translation>کلید تازه اینجا نمایش داده می‌شود</translation>
    </message>
    <message>
        <source>Copy key</source>
        <translation>کپی کلید</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>خروج از حساب</translation>
    </message>
    <message>
        <source>Setup token</source>
        <translation>توکن راه‌اندازی</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>نام کاربری</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>گذرواژه</translation>
    </message>
    <message>
        <source>Key name</source>
        <translation>نام کلید</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>کلید API</translation>
    </message>
    <message>
        <source>Start or connect to a server first.</source>
        <translation>نخست یک سرور را راه‌اندازی کنید یا به آن وصل شوید.</translation>
    </message>
    <message>
        <source>Create admin and log in</source>
        <translation>ساخت حساب مدیر و ورود</translation>
    </message>
    <message>
        <source>Enter the password.</source>
        <translation>گذرواژه را وارد کنید.</translation>
    </message>
    <message>
        <source>API key created and copied</source>
        <translation>کلید API ساخته و کپی شد</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Server</source>
        <translation>سرور</translation>
    </message>
    <message>
        <source>Catalog</source>
        <translation>کاتالوگ</translation>
    </message>
    <message>
        <source>Running models</source>
        <translation>مدل‌های در حال اجرا</translation>
    </message>
    <message>
        <source>Dify connection test</source>
        <translation>آزمون اتصال Dify</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>خوشه</translation>
    </message>
    <message>
        <source>Xinference Manager</source>
        <translation>Xinference Manager</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;پرونده</translation>
    </message>
    <message>
        <source>Local cluster on this machine…</source>
        <translation>خوشهٔ محلی روی این دستگاه…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;خروج</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;تنظیمات</translation>
    </message>
    <message>
        <source>Keep running in the tray when the window closes</source>
        <translation>با بستن پنجره، در سینی سیستم به کار ادامه بده</translation>
    </message>
    <message>
        <source>Where Dify runs…</source>
        <translation>محل اجرای Dify…</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>زبان</translation>
    </message>
    <message>
        <source>Start Xinference Manager when I log in</source>
        <translation>اجرای Xinference Manager هنگام ورود به سیستم</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;راهنما</translation>
    </message>
    <message>
        <source>&amp;About Xinference Manager</source>
        <translation>&amp;دربارهٔ Xinference Manager</translation>
    </message>
    <message>
        <source>This desktop shows no tray icons.</source>
        <translation>این میزکار نمادهای سینی سیستم را نشان نمی‌دهد.</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>مطابق سیستم</translation>
    </message>
    <message>
        <source>The language changes everywhere the next time the app starts.</source>
        <translation>زبان همهٔ بخش‌ها از اجرای بعدی برنامه تغییر می‌کند.</translation>
    </message>
    <message>
        <source>Could not change the login item: %s</source>
        <translation>تغییر اجرای خودکار هنگام ورود ممکن نشد: %s</translation>
    </message>
    <message>
        <source>Xinference Manager is still running</source>
        <translation>‏Xinference Manager هنوز در حال اجراست</translation>
    </message>
    <message>
        <source>It keeps the server running in the tray. Quit from the tray&apos;s menu, or turn this off in Settings.</source>
        <translation>برنامه سرور را در سینی سیستم در حال اجرا نگه می‌دارد. از منوی سینی خارج شوید یا این گزینه را در «تنظیمات» خاموش کنید.</translation>
    </message>
    <message>
        <source>Engine install under way</source>
        <translation>نصب موتور در جریان است</translation>
    </message>
    <message>
        <source>Xinference is being installed ({0}). Quitting cancels the install and removes what it has downloaded so far; the engine you had stays as it was.</source>
        <translation>‏Xinference در حال نصب است ({0}). خروج، نصب را لغو می‌کند و آنچه تاکنون دانلود شده است را پاک می‌کند؛ موتوری که داشتید همان‌طور می‌ماند.</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>در حال آغاز</translation>
    </message>
    <message>
        <source>Keep installing</source>
        <translation>ادامهٔ نصب</translation>
    </message>
    <message>
        <source>Quit and cancel the install</source>
        <translation>خروج و لغو نصب</translation>
    </message>
</context>
<context>
    <name>ModelPickerDialog</name>
    <message>
        <source>Launch a registered model</source>
        <translation>اجرای یک مدل ثبت‌شده</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>نوع</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>مدل</translation>
    </message>
    <message>
        <source>Launch...</source>
        <translation>اجرا...</translation>
    </message>
    <message>
        <source>Unregister</source>
        <translation>لغو ثبت</translation>
    </message>
    <message>
        <source>Unregistered {0}</source>
        <translation>ثبت {0} لغو شد</translation>
    </message>
</context>
<context>
    <name>ModelSetsDialog</name>
    <message>
        <source>Model sets</source>
        <translation>مجموعه‌های مدل</translation>
    </message>
    <message>
        <source>UID of the selected model</source>
        <translation>‏UID مدل انتخاب‌شده</translation>
    </message>
    <message>
        <source>Save running models as a set...</source>
        <translation>ذخیرهٔ مدل‌های در حال اجرا به‌صورت مجموعه...</translation>
    </message>
    <message>
        <source>Rename...</source>
        <translation>تغییر نام...</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>حذف</translation>
    </message>
    <message>
        <source>Export...</source>
        <translation>برون‌بری...</translation>
    </message>
    <message>
        <source>Import...</source>
        <translation>درون‌بری...</translation>
    </message>
    <message>
        <source>Apply set</source>
        <translation>اعمال مجموعه</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>لغو</translation>
    </message>
    <message>
        <source>Remove model</source>
        <translation>حذف مدل</translation>
    </message>
    <message>
        <source>Change UID</source>
        <translation>تغییر UID</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <source>Restore when the server starts</source>
        <translation>بازگردانی هنگام راه‌اندازی سرور</translation>
    </message>
    <message>
        <source>none</source>
        <translation>هیچ</translation>
    </message>
    <message>
        <source>Save running models as a set</source>
        <translation>ذخیرهٔ مدل‌های در حال اجرا به‌صورت مجموعه</translation>
    </message>
    <message>
        <source>Name of the set</source>
        <translation>نام مجموعه</translation>
    </message>
    <message>
        <source>No model is running</source>
        <translation>هیچ مدلی در حال اجرا نیست</translation>
    </message>
    <message>
        <source>Launch the models first, then save them.</source>
        <translation>نخست مدل‌ها را اجرا کنید، سپس ذخیره کنید.</translation>
    </message>
    <message>
        <source>Saved {0} models as “{1}”.</source>
        <translation>‏{0} مدل با نام «{1}» ذخیره شد.</translation>
    </message>
    <message>
        <source>Rename set</source>
        <translation>تغییر نام مجموعه</translation>
    </message>
    <message>
        <source>New name</source>
        <translation>نام تازه</translation>
    </message>
    <message>
        <source>Deleted “{0}”.</source>
        <translation>‏«{0}» حذف شد.</translation>
    </message>
    <message>
        <source>A model of a set needs a UID</source>
        <translation>هر مدل در مجموعه به یک UID نیاز دارد</translation>
    </message>
    <message>
        <source>Sets relaunch models under their UIDs.</source>
        <translation>مجموعه‌ها مدل‌ها را با همان UIDها دوباره اجرا می‌کنند.</translation>
    </message>
    <message>
        <source>Export model set</source>
        <translation>برون‌بری مجموعهٔ مدل</translation>
    </message>
    <message>
        <source>Exported “{0}” to {1}.</source>
        <translation>‏«{0}» در {1} برون‌بری شد.</translation>
    </message>
    <message>
        <source>Import model set</source>
        <translation>درون‌بری مجموعهٔ مدل</translation>
    </message>
    <message>
        <source>JSON (*.json);;All files (*)</source>
        <translation>‏JSON (*.json);;همهٔ پرونده‌ها (*)</translation>
    </message>
    <message>
        <source>Imported “{0}” ({1} models).</source>
        <translation>‏«{0}» درون‌بری شد ({1} مدل).</translation>
    </message>
    <message>
        <source>{0} of {1} models run.</source>
        <translation>‏{0} از {1} مدل در حال اجراست.</translation>
    </message>
</context>
<context>
    <name>RagStarterDialog</name>
    <message>
        <source>an API key of this server (Server page → Login → Create API key for Dify)</source>
        <translation>یک کلید API از این سرور (صفحهٔ «سرور» ← ورود ← ساخت کلید API برای Dify)</translation>
    </message>
    <message>
        <source>Chat model</source>
        <translation>مدل گفتگو</translation>
    </message>
    <message>
        <source>Embedding model</source>
        <translation>مدل جاسازی</translation>
    </message>
    <message>
        <source>Reranker</source>
        <translation>مدل رتبه‌بندی دوباره</translation>
    </message>
    <message>
        <source>Set up for Dify</source>
        <translation>آماده‌سازی برای Dify</translation>
    </message>
    <message>
        <source>Three models for a RAG app in Dify: a chat model, an embedding model and a reranker that fit this machine. Models registered from your disk come first.</source>
        <translation>سه مدل برای یک برنامهٔ RAG در Dify که روی این دستگاه جا می‌شوند: یک مدل گفتگو، یک مدل جاسازی و یک مدل رتبه‌بندی دوباره. مدل‌هایی که از دیسک شما ثبت شده‌اند در اولویت‌اند.</translation>
    </message>
    <message>
        <source>Bring these models back whenever this server starts</source>
        <translation>هر بار که این سرور راه‌اندازی می‌شود، این مدل‌ها دوباره اجرا شوند</translation>
    </message>
    <message>
        <source>Looking for models that fit this machine…</source>
        <translation>در حال یافتن مدل‌هایی که روی این دستگاه جا می‌شوند…</translation>
    </message>
    <message>
        <source>Launch and check</source>
        <translation>اجرا و بررسی</translation>
    </message>
    <message>
        <source>Copy Dify settings</source>
        <translation>کپی تنظیمات Dify</translation>
    </message>
    <message>
        <source>Copy API key</source>
        <translation>کپی کلید API</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <source>nothing fits this machine</source>
        <translation>هیچ مدلی روی این دستگاه جا نمی‌شود</translation>
    </message>
    <message>
        <source>No {0} fits this machine: register one from disk (Catalog → Register local model…) and open this again. The others can still be launched.</source>
        <translation>هیچ {0} روی این دستگاه جا نمی‌شود: یکی را از دیسک ثبت کنید (کاتالوگ ← ثبت مدل محلی…) و این پنجره را دوباره باز کنید. بقیه را همچنان می‌توان اجرا کرد.</translation>
    </message>
    <message>
        <source>Proposed for this machine; change any of them, then Launch and check.</source>
        <translation>برای این دستگاه پیشنهاد شده‌اند؛ هر کدام را که خواستید تغییر دهید، سپس «اجرا و بررسی» را بزنید.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>لغو</translation>
    </message>
    <message>
        <source>Launching {0} models (set “{1}”)…</source>
        <translation>در حال اجرای {0} مدل (مجموعهٔ «{1}»)…</translation>
    </message>
    <message>
        <source>Not every model runs: see each line above. The ones that run are checked below.</source>
        <translation>همهٔ مدل‌ها اجرا نشدند: هر خط بالا را ببینید. مدل‌هایی که اجرا شده‌اند در پایین بررسی می‌شوند.</translation>
    </message>
    <message>
        <source>All models run. Checking each one as Dify would…</source>
        <translation>همهٔ مدل‌ها در حال اجرایند. بررسی هر کدام به روش Dify…</translation>
    </message>
    <message>
        <source>Ready for Dify: copy the settings into Dify&apos;s Add Model form, one model at a time.</source>
        <translation>آماده برای Dify: تنظیمات را مدل به مدل در فرم «افزودن مدل» در Dify کپی کنید.</translation>
    </message>
    <message>
        <source>Created the API key &quot;%s&quot; for Dify: paste it into Dify&apos;s API Key field.</source>
        <translation>کلید API «%s» برای Dify ساخته شد: آن را در فیلد API Key در Dify بچسبانید.</translation>
    </message>
    <message>
        <source>the API key &quot;{0}&quot; made for Dify just now: press &quot;Copy API key&quot; in the Set up for Dify dialog</source>
        <translation>کلید API «{0}» که همین حالا برای Dify ساخته شد: در پنجرهٔ «آماده‌سازی برای Dify» دکمهٔ «کپی کلید API» را بزنید</translation>
    </message>
    <message>
        <source>the API key saved for this server: press &quot;Copy API key&quot; in the Set up for Dify dialog</source>
        <translation>کلید API ذخیره‌شده برای این سرور: در پنجرهٔ «آماده‌سازی برای Dify» دکمهٔ «کپی کلید API» را بزنید</translation>
    </message>
    <message>
        <source>API key copied: paste it into Dify&apos;s API Key field</source>
        <translation>کلید API کپی شد: آن را در فیلد API Key در Dify بچسبانید</translation>
    </message>
    <message>
        <source>Copied the Dify settings of {0} models</source>
        <translation>تنظیمات Dify برای {0} مدل کپی شد</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>در حال لغو…</translation>
    </message>
</context>
<context>
    <name>RegisterDialog</name>
    <message>
        <source>Register a local model</source>
        <translation>ثبت یک مدل محلی</translation>
    </message>
    <message>
        <source>e.g. my-qwen (letters, digits, . _ -)</source>
        <translation>مثلاً my-qwen (حروف لاتین، رقم، . _ -)</translation>
    </message>
    <message>
        <source>folder with config.json and weights, or a .gguf file</source>
        <translation>پوشه‌ای دارای config.json و وزن‌ها، یا یک پروندهٔ ‎.gguf</translation>
    </message>
    <message>
        <source>Folder...</source>
        <translation>پوشه...</translation>
    </message>
    <message>
        <source>File...</source>
        <translation>پرونده...</translation>
    </message>
    <message>
        <source>The builtin LLM family it is based on: its chat template is used.</source>
        <translation>خانوادهٔ LLM داخلی که مدل بر پایهٔ آن است: قالب گفتگوی آن به کار می‌رود.</translation>
    </message>
    <message>
        <source>Model family</source>
        <translation>خانوادهٔ مدل</translation>
    </message>
    <message>
        <source>Keep after the server restarts</source>
        <translation>پس از راه‌اندازی دوبارهٔ سرور حفظ شود</translation>
    </message>
    <message>
        <source>Open the Launch dialog afterwards</source>
        <translation>پس از آن پنجرهٔ اجرا باز شود</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>نوع</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>مسیر</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>ثبت</translation>
    </message>
    <message>
        <source>Detected: {0} ({1}{2})</source>
        <translation>شناسایی‌شده: {0} ({1}{2})</translation>
    </message>
    <message>
        <source>Give the model a name.</source>
        <translation>برای مدل نامی بگذارید.</translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation>پوشهٔ مدل</translation>
    </message>
    <message>
        <source>Model file</source>
        <translation>پروندهٔ مدل</translation>
    </message>
    <message>
        <source>GGUF (*.gguf);;All files (*)</source>
        <translation>GGUF (*.gguf);;همهٔ پرونده‌ها (*)</translation>
    </message>
    <message>
        <source>Registered {0}</source>
        <translation>‏{0} ثبت شد</translation>
    </message>
</context>
<context>
    <name>RestartKeepingModels</name>
    <message>
        <source>on {0}</source>
        <translation>روی {0}</translation>
    </message>
    <message>
        <source>on port {0}</source>
        <translation>روی درگاه {0}</translation>
    </message>
    <message>
        <source>with login on</source>
        <translation>با ورود روشن</translation>
    </message>
    <message>
        <source>with login off</source>
        <translation>با ورود خاموش</translation>
    </message>
    <message>
        <source>Restart the server {0}</source>
        <translation>راه‌اندازی دوبارهٔ سرور {0}</translation>
    </message>
    <message>
        <source>Restart the server</source>
        <translation>راه‌اندازی دوبارهٔ سرور</translation>
    </message>
    <message>
        <source>: the running models are saved as the set “{0}” and launched again with the same UIDs.</source>
        <translation>: مدل‌های در حال اجرا به‌صورت مجموعهٔ «{0}» ذخیره و با همان UIDها دوباره اجرا می‌شوند.</translation>
    </message>
    <message>
        <source>: no model runs, nothing to bring back.</source>
        <translation>: هیچ مدلی در حال اجرا نیست و چیزی برای بازگرداندن نیست.</translation>
    </message>
    <message>
        <source>: the {0} running model(s) ({1}) are saved as the set “{2}” and launched again with the same UIDs.</source>
        <translation>: {0} مدل در حال اجرا ({1}) به‌صورت مجموعهٔ «{2}» ذخیره و با همان UIDها دوباره اجرا می‌شوند.</translation>
    </message>
    <message>
        <source>Restart and bring back {0} model(s)</source>
        <translation>راه‌اندازی دوباره و بازگرداندن {0} مدل</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>راه‌اندازی دوباره</translation>
    </message>
    <message>
        <source>Login is off: on 0.0.0.0 anyone who can reach this machine can use the server. Consider turning login on and giving Dify an API key.</source>
        <translation>ورود خاموش است: روی 0.0.0.0 هر کسی که به این دستگاه دسترسی دارد می‌تواند از سرور استفاده کند. بهتر است ورود را روشن کنید و به Dify یک کلید API بدهید.</translation>
    </message>
    <message>
        <source>Start the server {0}.</source>
        <translation>سرور را {0} راه‌اندازی کنید.</translation>
    </message>
    <message>
        <source>Start now</source>
        <translation>همین حالا شروع کن</translation>
    </message>
    <message>
        <source>Restart now</source>
        <translation>همین حالا راه‌اندازی دوباره</translation>
    </message>
    <message>
        <source>For Dify in {0}:</source>
        <translation>تا {0} به سرور دسترسی داشته باشد:</translation>
    </message>
    <message>
        <source>For Dify on another machine:</source>
        <translation>تا Dify روی دستگاهی دیگر به سرور دسترسی داشته باشد:</translation>
    </message>
    <message>
        <source>the server will start {0}.</source>
        <translation>سرور {0} راه‌اندازی خواهد شد.</translation>
    </message>
    <message>
        <source>The server was not restarted: the running models could not be saved</source>
        <translation>سرور دوباره راه‌اندازی نشد: مدل‌های در حال اجرا ذخیره نشدند</translation>
    </message>
    <message>
        <source>Restarting the server…</source>
        <translation>در حال راه‌اندازی دوبارهٔ سرور…</translation>
    </message>
    <message>
        <source>The models are saved as the set “{0}”: apply it once the server runs.</source>
        <translation>مدل‌ها به‌صورت مجموعهٔ «{0}» ذخیره شده‌اند: وقتی سرور اجرا شد، آن را اعمال کنید.</translation>
    </message>
    <message>
        <source>Restarted; no model was running.</source>
        <translation>دوباره راه‌اندازی شد؛ هیچ مدلی در حال اجرا نبود.</translation>
    </message>
    <message>
        <source>Log in to bring back {0} model(s): the new server requires login.</source>
        <translation>برای بازگرداندن {0} مدل وارد شوید: سرور جدید ورود را لازم دارد.</translation>
    </message>
    <message>
        <source>They are saved as the set “{0}” and launch as soon as you log in.</source>
        <translation>این مدل‌ها به‌صورت مجموعهٔ «{0}» ذخیره شده‌اند و به محض ورود شما اجرا می‌شوند.</translation>
    </message>
    <message>
        <source>Restarted; every model is back with its UID.</source>
        <translation>دوباره راه‌اندازی شد؛ همهٔ مدل‌ها با UID خود برگشتند.</translation>
    </message>
    <message>
        <source>Restarted; some models did not come back.</source>
        <translation>دوباره راه‌اندازی شد؛ برخی مدل‌ها برنگشتند.</translation>
    </message>
    <message>
        <source>Bringing back model {0} of {1}: {2}</source>
        <translation>در حال بازگرداندن مدل {0} از {1}: {2}</translation>
    </message>
</context>
<context>
    <name>RunningModelsModel</name>
    <message>
        <source>UID</source>
        <translation>UID</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>مدل</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>نوع</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>موتور</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>قالب</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>اندازه</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>کوانتیزه‌سازی</translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation>رونوشت‌ها</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>نشانی</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>گره کاری (Worker)</translation>
    </message>
    <message>
        <source>Abilities</source>
        <translation>توانایی‌ها</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>کپی</translation>
    </message>
    <message>
        <source>Use this UID in Dify. Replicas (internal, do not use): {0}</source>
        <translation>در Dify از این UID استفاده کنید. رونوشت‌ها (داخلی، استفاده نکنید): {0}</translation>
    </message>
    <message>
        <source>Still loading: the model answers once its status is READY.</source>
        <translation>هنوز در حال بارگیری است: مدل وقتی وضعیتش READY شود پاسخ می‌دهد.</translation>
    </message>
</context>
<context>
    <name>RunningPage</name>
    <message>
        <source>Refresh</source>
        <translation>بازخوانی</translation>
    </message>
    <message>
        <source>Launch...</source>
        <translation>اجرا...</translation>
    </message>
    <message>
        <source>Register local model...</source>
        <translation>ثبت مدل محلی...</translation>
    </message>
    <message>
        <source>Copy UID</source>
        <translation>کپی UID</translation>
    </message>
    <message>
        <source>Copy Dify settings</source>
        <translation>کپی تنظیمات Dify</translation>
    </message>
    <message>
        <source>Test in Dify panel</source>
        <translation>آزمون در صفحهٔ Dify</translation>
    </message>
    <message>
        <source>Terminate...</source>
        <translation>پایان دادن...</translation>
    </message>
    <message>
        <source>Set up for Dify...</source>
        <translation>آماده‌سازی برای Dify...</translation>
    </message>
    <message>
        <source>Launch a chat model, an embedding model and a reranker that fit this machine, and check each one as Dify would</source>
        <translation>یک مدل گفتگو، یک مدل جاسازی و یک مدل رتبه‌بندی دوباره که روی این دستگاه جا می‌شوند اجرا کن و هر کدام را به روش Dify بررسی کن</translation>
    </message>
    <message>
        <source>Model sets...</source>
        <translation>مجموعه‌های مدل...</translation>
    </message>
    <message>
        <source>Save the running models as a set, apply a set, restore one when the server starts</source>
        <translation>مدل‌های در حال اجرا را به‌صورت مجموعه ذخیره کن، مجموعه‌ای را اعمال کن یا هنگام راه‌اندازی سرور بازگردان</translation>
    </message>
    <message>
        <source>No model is running on this server. Launch one with Launch… or from the Catalog page.</source>
        <translation>هیچ مدلی روی این سرور در حال اجرا نیست. با «اجرا…» یا از صفحهٔ «کاتالوگ» یکی را اجرا کنید.</translation>
    </message>
    <message>
        <source>Try it: a chat message, a text to embed, or a rerank query</source>
        <translation>امتحان کنید: یک پیام گفتگو، متنی برای جاسازی یا یک پرسش رتبه‌بندی</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>ارسال</translation>
    </message>
    <message>
        <source>Select a model to see its details.</source>
        <translation>برای دیدن جزئیات، یک مدل را انتخاب کنید.</translation>
    </message>
    <message>
        <source>UID for clients and Dify: {0}   |   internal replica names (do not use in Dify): {1}   |   context length: {2}</source>
        <translation>‏UID برای کلاینت‌ها و Dify: {0}   |   نام‌های داخلی رونوشت‌ها (در Dify استفاده نکنید): {1}   |   طول زمینه: {2}</translation>
    </message>
    <message>
        <source>Copied UID {0}</source>
        <translation>‏UID {0} کپی شد</translation>
    </message>
    <message>
        <source>Copied Dify settings for {0}</source>
        <translation>تنظیمات Dify برای {0} کپی شد</translation>
    </message>
    <message>
        <source>Terminate model</source>
        <translation>پایان دادن به مدل</translation>
    </message>
    <message>
        <source>Stop {0}? Clients using this UID (Dify included) will get errors.</source>
        <translation>‏{0} متوقف شود؟ کلاینت‌هایی که از این UID استفاده می‌کنند (از جمله Dify) با خطا روبه‌رو می‌شوند.</translation>
    </message>
    <message>
        <source>Terminated {0}</source>
        <translation>‏{0} پایان یافت</translation>
    </message>
    <message>
        <source>Waiting for {0}...</source>
        <translation>در انتظار {0}...</translation>
    </message>
    <message>
        <source>{0}

({1:.0f} ms)</source>
        <translation>{0}

({1:.0f} میلی‌ثانیه)</translation>
    </message>
    <message>
        <source>Unexpected answer: {0}</source>
        <translation>پاسخ غیرمنتظره: {0}</translation>
    </message>
    <message>
        <source>Registered {name} ({type}). Launch it with Launch… whenever you need it.</source>
        <translation>‏{name} ({type}) ثبت شد. هر وقت لازم داشتید، آن را با «اجرا…» اجرا کنید.</translation>
    </message>
</context>
<context>
    <name>ServerPage</name>
    <message>
        <source>127.0.0.1: this machine only. 0.0.0.0: reachable from Docker and the network.</source>
        <translation>127.0.0.1: فقط همین دستگاه. 0.0.0.0: از Docker و شبکه در دسترس است.</translation>
    </message>
    <message>
        <source>Require login (Xinference&apos;s default since 3.0)</source>
        <translation>نیاز به ورود (پیش‌فرض Xinference از نسخهٔ ۳٫۰)</translation>
    </message>
    <message>
        <source>NAME=value, one per line</source>
        <translation>‏NAME=value، هر کدام در یک خط</translation>
    </message>
    <message>
        <source>Stop the server when the app quits</source>
        <translation>با خروج از برنامه، سرور متوقف شود</translation>
    </message>
    <message>
        <source>Restart automatically after a crash</source>
        <translation>پس از از کار افتادن، خودکار دوباره راه‌اندازی شود</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>شروع</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>توقف</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>راه‌اندازی دوباره</translation>
    </message>
    <message>
        <source>Stop and start again; the running models come back with their UIDs.</source>
        <translation>توقف و راه‌اندازی دوباره؛ مدل‌های در حال اجرا با همان UIDهای خود برمی‌گردند.</translation>
    </message>
    <message>
        <source>Connect to it instead</source>
        <translation>به جای آن، به همین وصل شو</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>میزبان</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>درگاه</translation>
    </message>
    <message>
        <source>XINFERENCE_HOME</source>
        <translation>XINFERENCE_HOME</translation>
    </message>
    <message>
        <source>Model source</source>
        <translation>منبع مدل</translation>
    </message>
    <message>
        <source>Log level</source>
        <translation>سطح گزارش</translation>
    </message>
    <message>
        <source>Extra environment</source>
        <translation>متغیرهای محیطی اضافی</translation>
    </message>
    <message>
        <source>Start options</source>
        <translation>گزینه‌های راه‌اندازی</translation>
    </message>
    <message numerus="yes">
        <source>Cleaned up %n orphaned process(es).</source>
        <translation>
            <numerusform>%n فرایند یتیم پاک‌سازی شد.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n process(es) of a server that ended without cleanup are still running.</source>
        <translation>
            <numerusform>%n فرایند از سروری که بدون پاک‌سازی پایان یافت هنوز در حال اجراست.</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>متوقف</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>در حال راه‌اندازی</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>در حال اجرا</translation>
    </message>
    <message>
        <source>Stopping</source>
        <translation>در حال توقف</translation>
    </message>
    <message>
        <source>Crashed</source>
        <translation>از کار افتاده</translation>
    </message>
    <message>
        <source>default: {0}</source>
        <translation>پیش‌فرض: {0}</translation>
    </message>
    <message>
        <source>Working against a remote server: enter its URL and press Connect.</source>
        <translation>کار با سرور راه دور: نشانی URL آن را وارد کنید و «اتصال» را بزنید.</translation>
    </message>
    <message>
        <source>Enter the server&apos;s URL</source>
        <translation>نشانی URL سرور را وارد کنید</translation>
    </message>
    <message>
        <source>No Xinference answers at %s</source>
        <translation>هیچ Xinference در %s پاسخ نمی‌دهد</translation>
    </message>
    <message>
        <source>Check the address, the port and that the server listens there.</source>
        <translation>نشانی، درگاه و گوش دادن سرور در آنجا را بررسی کنید.</translation>
    </message>
    <message>
        <source>Adopted the server (pid %d) left running by an earlier session.</source>
        <translation>سروری که نشست قبلی در حال اجرا گذاشته بود (pid %d) در اختیار گرفته شد.</translation>
    </message>
    <message>
        <source>They hold memory and ports.</source>
        <translation>این فرایندها حافظه و درگاه‌ها را در اختیار دارند.</translation>
    </message>
    <message>
        <source>Clean up</source>
        <translation>پاک‌سازی</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>متصل</translation>
    </message>
    <message>
        <source>The server wrote nothing just before it ended; its earlier output is in the log below.</source>
        <translation>سرور درست پیش از پایان چیزی ننوشت؛ خروجی پیشین آن در گزارش زیر است.</translation>
    </message>
    <message>
        <source>Endpoint copied</source>
        <translation>نشانی سرور کپی شد</translation>
    </message>
</context>
<context>
    <name>ServerStatusBox</name>
    <message>
        <source>{h}h {m}m {s}s</source>
        <translation>‏{h} ساعت و {m} دقیقه و {s} ثانیه</translation>
    </message>
    <message>
        <source>{m}m {s}s</source>
        <translation>‏{m} دقیقه و {s} ثانیه</translation>
    </message>
    <message>
        <source>{address}: CPU {cpu:.0f}% of {cores} cores, RAM {used} used of {total}</source>
        <translation>‏{address}: پردازنده {cpu:.0f}٪ از {cores} هسته، حافظه {used} مصرف‌شده از {total}</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>کپی</translation>
    </message>
    <message>
        <source>State</source>
        <translation>حالت</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>نشانی</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>نسخه</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>مدت اجرا</translation>
    </message>
    <message>
        <source>Resources</source>
        <translation>منابع</translation>
    </message>
    <message>
        <source>log in to see the version</source>
        <translation>برای دیدن نسخه وارد شوید</translation>
    </message>
</context>
<context>
    <name>SetRestorer</name>
    <message>
        <source>restoring model set “{0}”</source>
        <translation>در حال بازگردانی مجموعهٔ مدل «{0}»</translation>
    </message>
    <message>
        <source>Model set “{0}”: {1} of {2} models did not come back ({3})</source>
        <translation>مجموعهٔ مدل «{0}»: {1} از {2} مدل بازنگشتند ({3})</translation>
    </message>
    <message>
        <source>Each model&apos;s reason is in the log below.</source>
        <translation>علت هر مدل در گزارش پایین آمده است.</translation>
    </message>
</context>
<context>
    <name>SpecModel</name>
    <message>
        <source>Fit</source>
        <translation>تناسب</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>برآورد</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>اطمینان</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>قالب</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>اندازه</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>کوانتیزه‌سازی</translation>
    </message>
    <message>
        <source>Hub</source>
        <translation>مخزن</translation>
    </message>
    <message>
        <source>Engines</source>
        <translation>موتورها</translation>
    </message>
    <message>
        <source>Cached</source>
        <translation>ذخیره‌شده</translation>
    </message>
    <message>
        <source>on {d}: weights {w} MiB, KV cache {k} MiB, workspace {a} MiB, overhead {o} MiB at {c} tokens ({conf} confidence; {g} MiB as Xinference&apos;s GPU estimator counts)
{basis}</source>
        <translation>روی {d}: وزن‌ها {w} MiB، حافظهٔ KV {k} MiB، فضای کاری {a} MiB، سربار {o} MiB برای {c} توکن (اطمینان {conf}؛ {g} MiB به حساب برآوردگر GPU در Xinference)
{basis}</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>بله</translation>
    </message>
</context>
<context>
    <name>report_error</name>
    <message>
        <source>Unexpected error: %s</source>
        <translation>خطای غیرمنتظره: %s</translation>
    </message>
    <message>
        <source>Details are in the log.</source>
        <translation>جزئیات در گزارش آمده است.</translation>
    </message>
</context>
<context>
    <name>shutdown</name>
    <message>
        <source>Not everything could be stopped</source>
        <translation>همه چیز متوقف نشد</translation>
    </message>
</context>
</TS>
