## upscale-bot, Turkish (Türkçe): translated from en.ftl.
## Nouns stay singular after numbers in Turkish, so no plural selectors are needed.

## Durations
duration-seconds = { $count } sn
duration-minutes = { $count } dk
duration-hours = { $count } sa

## Progress on the image's message (the server's language)
progress-line = { $member } için büyütülüyor: { $progress }
progress-running = %{ $percent } { $bar }
progress-queued = sırada
progress-queued-eta = sırada, yaklaşık { $duration }
progress-queued-no-worker = sırada, { $model } modeline sahip bir işleyici bekleniyor
progress-queued-at = sırada #{ $position }
progress-queued-at-eta = sırada #{ $position }, yaklaşık { $duration }
progress-queued-at-no-worker = sırada #{ $position }, { $model } modeline sahip bir işleyici bekleniyor
progress-cancelled = Büyütme iptal edildi.

## What a generative version was made with
mode-fast = Hızlı
mode-creative = Yaratıcı
mode-detail = Detaylı
preset-subtle = Hafif
preset-balanced = Dengeli
preset-creative = Yaratıcı
dial-strength = güç { $strength }
dial-preset = ön ayar { $preset }
made-with = { $mode } · { $dial }
made-with-seed = { $mode } · { $dial } · seed { $seed }

## The result on the image's message (the server's language) and the receipt (the member's)
delivered = x{ $scale } büyütüldü · { $input } → { $output } · { $price } kredi
delivered-made = x{ $scale } büyütüldü · { $input } → { $output } · { $price } kredi · { $made }
receipt = Tamamlandı: { $price } krediye x{ $scale } büyütüldü, yeni boyut { $size }. Bakiye: { $balance } kredi.
receipt-made = Tamamlandı: { $price } krediye x{ $scale } büyütüldü ({ $made }), yeni boyut { $size }. Bakiye: { $balance } kredi.

## Errors (one sentence each)
error-not-admin = Bunu yalnızca sunucu yöneticileri yapabilir.
error-servers-only = Bu yalnızca sunucularda çalışır.
error-guild-not-allowed = Bu bot bu sunucuda etkin değil.
error-no-such-job = Bu sunucuda #{ $job } numaralı iş yok.
error-not-your-image = Bu görselin hangi sürümü göstereceğini yalnızca onu büyüten üyeler veya yöneticiler değiştirebilir.
error-model-not-offered = { $model } modeli bu bota yüklü değil; listeden bir model seç.
error-model-not-installed = { $model } modeli bu bota yüklü değil.
error-insufficient-credits = { $needed } kredi gerekiyor ama kullanılabilir kredin { $available }.
error-image-busy = Bu görsel zaten büyütülüyor; bitince güncellenecek.
error-queue-limit = Bekleyen { $limit } büyütmen zaten var; biri bitince tekrar dene.
error-queue-full = Sıra dolu; birkaç dakika sonra tekrar dene. Senden ücret alınmadı.
error-image-too-large = Görsel { $size } ({ $pixels } piksel); sınır { $limit } piksel. Daha küçük bir görsel dene.
error-file-too-large = Dosya boyutu { $size }; { $limit } sınırını aşıyor.
size-kib = { $count } KiB
size-mib = { $count } MiB
error-upscaler-failed = Bu görsel büyütülemedi.
error-upscaler-stopped = Büyütücü beklenmedik şekilde durdu.
error-internal = Bizim tarafımızda bir sorun oluştu (hata kimliği { $error_id }).
failure-crashed = Büyütücü bu görselde defalarca durdu ve iş durduruldu.
failure-timeout = Büyütme { $limit } saniyeden uzun sürdü ve durduruldu.
failure-cancelled = Büyütme iptal edildi.
failure-message-gone = Büyütme bitmeden mesaj silindi; sonucu /geçmiş ile görebilirsin.
failure-undeliverable = Büyütme bitti ama mesaja eklenemedi; sonucu /geçmiş ile görebilirsin.
failure-refunded = { $credits } kredin iade edildi.

## The confirmation (the member's language)
kind-fast = Büyütme
kind-creative = Yaratıcı büyütme
kind-detail = Detaylı büyütme
confirm-title = **{ $kind } x{ $scale }** · yaklaşık { $duration }
confirm-not-enough = Yetersiz kredi: gereken { $price }, kullanılabilir { $available }.
confirm-top-up = Daha fazla kredi al: { $url }
confirm-buy-pack = Aşağıdan bir paket satın al; krediler bu sunucunun cüzdanına eklenir.
confirm-ask-admin = Daha fazla kredi için bir yöneticiye başvur.
confirm-price = Fiyat: { $price } kredi · bakiye { $available } → { $after }
option-fast = x{ $scale } · { $price } kredi
option-generative = { $mode } x{ $scale } · { $price } kredi
select-factor = Büyütme oranı
select-preset = Ön ayar
button-confirm = Onayla
button-cancel = İptal
button-prompt-seed = İstem ve seed...
confirm-cancelled = İptal edildi. Senden ücret alınmadı.
confirm-gone = Bu görsel artık mesajda yok.
confirm-expired = Bu onayın süresi doldu; Büyüt'e yeniden tıkla.
confirm-again = Zaten işleniyor: bu büyütme bir kez onaylandı ve bir kez ücretlendirildi.
confirm-queued = Sırada: #{ $position }, yaklaşık { $duration }. { $price } kredi ayrıldı; kullanılabilir { $available }.
confirm-starting = Sırada: başlıyor. { $price } kredi ayrıldı; kullanılabilir { $available }.
button-cancel-upscale = Bu büyütmeyi iptal et
button-cancel-job = #{ $job } işini iptal et
job-already-finished = #{ $job } numaralı iş zaten bitti.
job-cancelled = #{ $job } numaralı iş iptal edildi ve ücreti iade edildi.

## Creative and detail upscales
engine-creative = Yaratıcı (SD x4 upscaler)
engine-detail = Detaylı (Real-ESRGAN + SD checkpoint)
preset-subtle-hint = görsele sadık kalır, var olanı netleştirir
preset-balanced-hint = inandırıcı ayrıntılar ekler
preset-creative-hint = yeni ayrıntılar üretir; küçük şeyleri değiştirebilir
run-seed = { $engine } · { $dial } · seed { $seed }
run-new-seed = { $engine } · { $dial } · yeni seed
run-prompt = İstem: “{ $prompt }”
run-prompt-yours = İstem (seninki): “{ $prompt }”
run-prompt-message = İstem (mesajdan): “{ $prompt }”
run-prompt-again = İstem (öncekiyle aynı): “{ $prompt }”
run-prompt-image = İstem (görselden): “{ $prompt }”
run-prompt-image-tool = İstem (görselin { $tool } meta verilerinden): “{ $prompt }”
run-no-prompt = Görselde istem bulunamadı: **İstem ve seed...** ile bir istem ekle.
run-negative = Negatif: “{ $prompt }”
form-title = İstem ve seed
form-prompt = İstem
form-prompt-hint = görselde ne olduğu; boş: istem yok
form-negative = Negatif istem
form-negative-hint = görselde olmaması gerekenler
form-seed = Seed
form-seed-hint = boş: yeni bir seed
form-strength = Güç 1-9 (1 hafif, 9 yaratıcı)
form-strength-hint = boş: ön ayarın değeri
form-refused = { $problem } Hiçbir şey değiştirilmedi.
bad-prompt-length = İstem { $limit } karakterden uzun.
bad-negative-length = Negatif istem { $limit } karakterden uzun.
bad-seed = Seed 0 ile { $max } arasında bir tam sayı olmalı ya da yeni bir seed için boş bırakılmalı; “{ $value }” geçerli değil.
bad-strength = Güç 1 ile 9 arasında bir tam sayı olmalı ya da ön ayar için boş bırakılmalı; “{ $value }” geçerli değil.
button-again-same = Tekrar (aynı seed)
button-again-new = Tekrar (yeni seed)
again-not-generative = Şu an gösterilen görsel yaratıcı veya detaylı bir büyütme değil; Büyüt'ü kullan.

## The image's buttons and posts (the server's language)
button-upscale = Büyüt
button-upscale-again = Tekrar büyüt
button-original = Orijinal
button-history = Geçmiş
button-numbered = { $label } { $number }
upscale-not-image = Bu dosya bir görsel değil.
upscale-no-images = Bu mesajda görsel yok.
upscale-posted = Görseli paylaşan: { $member }
upscale-reply = Görselleri paylaşan: { $member } · büyütmeye hazır

## An image's versions
versions-no-earlier = Daha eski bir sürüm yok.
versions-original = Orijinal · { $size }
versions-none = Henüz kayıtlı sürüm yok.
versions-older = … ve { $count } eski sürüm daha
version-original = v{ $version } orijinal · { $size }
version-restored = v{ $version } v{ $from } yeniden gösterildi · { $size }
version-upscale = v{ $version } büyütme { $number } · { $size }
version-open = [aç]({ $url })
version-shown-now = **şu an gösteriliyor**
version-option = v{ $version } · { $size }
version-option-original = orijinal
select-use-version = Bu sürümü kullan
version-shown-again = { $version }. sürüm yeniden gösterildi, gösteren: { $member } · { $size } · { $when }
version-restored-reply = Görsel yeniden { $version }. sürümü gösteriyor (v{ $recorded } olarak kaydedildi).

## /credits
credits-header = **Bakiye { $balance }** · ayrılan { $held } · kullanılabilir { $available }
ledger-starting = başlangıç bakiyesi
ledger-grant = verildi
ledger-revoke = geri alındı
ledger-hold = ayrıldı
ledger-capture = harcandı
ledger-release = iade edildi
ledger-allowance = düzenli kredi
ledger-purchase = satın alındı
ledger-refund = satın alma iadesi
ledger-line = { $when } { $kind } { $amount }
ledger-line-reason = { $when } { $kind } { $amount } · { $reason }
place-line = Henüz hiçbir sunucuya eklenmemiş { $count } adet { $credits } kredilik satın alman var: her birini kendi düğmesiyle bu sunucunun cüzdanına ekle (bir kez; krediler tek bir sunucuda kalır).
place-line-one = Henüz hiçbir sunucuya eklenmemiş { $credits } kredilik bir satın alman var: düğmesiyle bu sunucunun cüzdanına ekle (bir kez; krediler tek bir sunucuda kalır).
button-place = { $amount } krediyi buraya ekle
place-already-here = Bu { $amount } kredi zaten bu sunucuya eklenmişti. Hiçbir şey değişmedi.
place-already-elsewhere = Bu { $amount } kredi zaten başka bir sunucuya eklenmişti. Hiçbir şey değişmedi.
place-added = Bu sunucudaki cüzdanına { $amount } kredi eklendi. Bakiye: { $balance }.

## /credits-admin (the admin's language) and its audit lines (the server's)
granted = { $member } üyesine { $amount } kredi verildi ({ $reason }). Bakiye: { $balance }.
revoked = { $member } üyesinden { $amount } kredi geri alındı ({ $reason }). Bakiye: { $balance }.
granted-before = Bu zaten yapıldı ({ $when }): { $member } üyesine { $amount } kredi verildi. Hiçbir şey değişmedi; bakiye { $balance }.
revoked-before = Bu zaten yapıldı ({ $when }): { $member } üyesinden { $amount } kredi geri alındı. Hiçbir şey değişmedi; bakiye { $balance }.
audit-granted = { $actor }, { $member } üyesine { $amount } kredi verdi: { $reason }
audit-revoked = { $actor }, { $member } üyesinden { $amount } kredi geri aldı: { $reason }
audit-none = Henüz kredi verme, geri alma veya satın alma yok.
audit-header = **Verilen, geri alınan ve satın alınan krediler** (toplam { $total }, sayfa { $page }/{ $pages })
audit-header-member = **Verilen, geri alınan ve satın alınan krediler: { $member }** (toplam { $total }, sayfa { $page }/{ $pages })
audit-change = { $when } { $actor } { $amount } → { $member } · { $reason }
purchase-marks = SKU { $sku } · hak { $entitlement }
purchase-marks-test = SKU { $sku } · hak { $entitlement } · test
audit-purchase = { $member }, { $amount } kredi satın aldı ({ $marks })
audit-refund = Discord, { $member } üyesinin { $amount } kredisini iade etti: { $taken } geri alındı ({ $marks })
audit-refund-owed = Discord, { $member } üyesinin { $amount } kredisini iade etti: { $taken } geri alındı; { $owed } zaten harcanmıştı, borç olarak kaldı ({ $marks })

## /history
history-empty = Henüz hiç büyütmen yok.
history-header = **Büyütmelerin** (sayfa { $page }/{ $pages }, toplam { $total })
history-line = { $when } · { $sizes } · { $price } kredi · { $link }
history-line-made = { $when } · { $sizes } · { $made } · { $price } kredi · { $link }

## /upscale-admin queue and failures
page-footer = sayfa { $page }/{ $pages }
queue-running = Çalışıyor: { $jobs }
queue-running-more = Çalışıyor: { $jobs } ve { $more } tane daha
queue-running-none = Çalışıyor: yok
queue-empty = Bekleyen bir şey yok.
queue-line = { $position }. iş #{ $job } · { $member } · { $model } · yaklaşık { $duration }
failures-none = Bu sunucuda başarısız olan veya iptal edilen büyütme yok.
failures-header = **Başarısız ve iptal edilen büyütmeler** (sayfa { $page }/{ $pages }, toplam { $total })
failures-refunded = { $price } iade edildi
failures-not-charged = ücret alınmadı
failures-error-id = hata kimliği { $error_id }
state-failed = başarısız
state-cancelled = iptal edildi

## /upscale-admin settings
settings-title = **Bu sunucunun ayarları**
settings-line = { $label }: { $value }
settings-line-default = { $label }: { $value } · varsayılan
settings-hint = -# Boş alanlar ve boş seçimler varsayılana döner.
settings-saved = Kaydedildi: { $changes }.
settings-unchanged = Hiçbir şey değişmedi.
settings-needs-intent = -# Otomatik düğmeler diğer botların görsellerini okur ve bunun için Message Content intent'i gerekir: botun sahibi bunu Developer Portal'da etkinleştirir ve UPSCALE_DISCORD__MESSAGE_CONTENT=true ayarlar.
setting-upscale_price = Büyütme fiyatı
setting-creative_price = Yaratıcı büyütme fiyatı
setting-detail_price = Detaylı büyütme fiyatı
setting-starting_balance = Başlangıç bakiyesi
setting-allowance_amount = Düzenli kredi miktarı
setting-allowance_every_hours = Düzenli kredi aralığı
setting-allowance_cap = Düzenli kredi üst sınırı
setting-auto_button_channels = Otomatik düğmelerin kanalları
setting-admin_role_id = Yönetici rolü
setting-audit_channel_id = Denetim kanalı
setting-top_up_url = Kredi yükleme bağlantısı
setting-language = Dil
setting-allowance = Düzenli kredi
value-credits = { $amount } kredi
value-every-hours = her { $hours } saatte bir
value-none = yok
value-role-none = yok (yalnızca Sunucuyu Yönet)
value-language-discord = sunucunun Discord dili
value-allowance = her { $hours } saatte { $amount } kredi, en fazla { $cap }
value-allowance-off = kapalı
audit-setting = { $actor }, “{ $setting }” ayarını { $value } yaptı (önceki: { $before }).
audit-setting-default = { $actor }, “{ $setting }” ayarını varsayılan değer olan { $value } yaptı (önceki: { $before }).
select-auto-channels = Otomatik Büyüt düğmesi olan kanallar
select-admin-role = Yönetici rolü (Sunucuyu Yönet dışında)
select-audit-channel = Denetim kanalı
select-language = Herkese açık mesajların ve denetim kayıtlarının dili
option-language-discord = Sunucunun Discord dili
button-edit-credits = Fiyatlar ve bakiye…
button-edit-allowance = Düzenli kredi…
form-credits-title = Fiyatlar ve bakiye
form-allowance-title = Düzenli kredi
field-upscale_price = Büyütme fiyatı (kredi)
field-creative_price = Yaratıcı büyütme fiyatı (kredi)
field-detail_price = Detaylı büyütme fiyatı (kredi)
field-starting_balance = Yeni üyelerin başlangıç bakiyesi
field-top_up_url = Kredisi biten üyelere yükleme bağlantısı
field-allowance_amount = Her dönem ücretsiz kredi (0: kapalı)
field-allowance_every_hours = Dönem, saat olarak
field-allowance_cap = Bu bakiyenin üstüne çıkmaz
field-default = varsayılan: { $value }

## Commands. Names: lower case, no spaces, 1-32 letters, digits, - or _ (Discord's rules);
## the context menu's name may have spaces and capitals.
command-upscale = büyüt
command-upscale-description = Bir görseli Büyüt düğmesiyle paylaş ve büyüt
command-upscale-image = görsel
command-upscale-image-description = büyütülecek görsel
command-upscale-model = model
command-upscale-model-description = hangi model (varsayılan: sunucunun modeli)
command-upscale-image-menu = Görseli büyüt
command-credits = krediler
command-credits-description = Kredilerin: bakiye, ayrılan ve son hareketler
command-history = geçmiş
command-history-description = Büyütmelerin, en yenisi önce
command-history-page = sayfa
command-history-page-description = sayfa numarası
command-credits-admin = kredi-yönetimi
command-credits-admin-description = Kredi ver, geri al ve denetle
command-credits-admin-grant = ver
command-credits-admin-grant-description = Bir üyeye kredi ver
command-credits-admin-revoke = geri-al
command-credits-admin-revoke-description = Bir üyeden kredi geri al
command-credits-admin-audit = denetim
command-credits-admin-audit-description = Verilen ve geri alınan krediler; kim ve neden
command-credits-admin-member = üye
command-credits-admin-member-description = kim
command-credits-admin-amount = miktar
command-credits-admin-amount-description = ne kadar
command-credits-admin-reason = neden
command-credits-admin-reason-description = neden (denetim kaydında tutulur)
command-credits-admin-audit-member-description = yalnızca bu üye
command-upscale-admin = büyütme-yönetimi
command-upscale-admin-description = Büyütme sırasını yönet
command-upscale-admin-queue = sıra
command-upscale-admin-queue-description = İşlerin çalışacağı sırayla bekleyenler
command-upscale-admin-settings = ayarlar
command-upscale-admin-settings-description = Bu sunucunun fiyatları, düzenli kredisi ve kanalları
command-upscale-admin-failures = hatalar
command-upscale-admin-failures-description = Son başarısız ve iptal edilen büyütmeler
