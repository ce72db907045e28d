## upscale-bot, русский. Переведено из en.ftl; термины: кредиты, увеличение, версия.

duration-seconds = { $count } с
duration-minutes = { $count } мин
duration-hours = { $count } ч

progress-line = Увеличение для { $member }: { $progress }
progress-running = { $percent } % { $bar }
progress-queued = в очереди
progress-queued-eta = в очереди, примерно { $duration }
progress-queued-no-worker = в очереди, ждёт воркер с моделью { $model }
progress-queued-at = № { $position } в очереди
progress-queued-at-eta = № { $position } в очереди, примерно { $duration }
progress-queued-at-no-worker = № { $position } в очереди, ждёт воркер с моделью { $model }
progress-cancelled = Увеличение отменено.

mode-fast = Быстрый
mode-creative = Творческий
mode-detail = Детализация
preset-subtle = Деликатный
preset-balanced = Сбалансированный
preset-creative = Творческий
dial-strength = сила { $strength }
dial-preset = пресет { $preset }
made-with = { $mode } · { $dial }
made-with-seed = { $mode } · { $dial } · сид { $seed }

delivered = Увеличено x{ $scale } · { $input } → { $output } · { $price } { $price ->
        [one] кредит
        [few] кредита
       *[other] кредитов
    }
delivered-made = Увеличено x{ $scale } · { $input } → { $output } · { $price } { $price ->
        [one] кредит
        [few] кредита
       *[other] кредитов
    } · { $made }
receipt = Готово: увеличено x{ $scale } до { $size } за { $price } { $price ->
        [one] кредит
        [few] кредита
       *[other] кредитов
    }. Баланс: { $balance } { $balance ->
        [one] кредит
        [few] кредита
       *[other] кредитов
    }.
receipt-made = Готово: увеличено x{ $scale } до { $size } ({ $made }) за { $price } { $price ->
        [one] кредит
        [few] кредита
       *[other] кредитов
    }. Баланс: { $balance } { $balance ->
        [one] кредит
        [few] кредита
       *[other] кредитов
    }.

error-not-admin = Это могут делать только администраторы сервера.
error-servers-only = Это работает только на серверах.
error-guild-not-allowed = Этот бот не включён на этом сервере.
error-no-such-job = На этом сервере нет задания № { $job }.
error-not-your-image = Менять показанную версию могут только те, кто увеличивал это изображение, или администраторы.
error-model-not-offered = Модель { $model } не установлена в этом боте; выберите модель из списка.
error-model-not-installed = Модель { $model } не установлена в этом боте.
error-insufficient-credits = Нужно кредитов: { $needed }, а доступно только { $available }.
error-image-busy = Это изображение уже увеличивается; оно обновится, когда всё будет готово.
error-queue-limit = У вас уже ждут заданий: { $limit }; попробуйте снова, когда одно завершится.
error-queue-full = Очередь заполнена; попробуйте через несколько минут. Кредиты не списаны.
error-image-too-large = Размер изображения { $size } ({ $pixels } пикс.); предел — { $limit } пикс. Попробуйте изображение поменьше.
error-file-too-large = Размер файла { $size }, это больше предела в { $limit }.
size-kib = { $count } КиБ
size-mib = { $count } МиБ
error-upscaler-failed = Не удалось увеличить это изображение.
error-upscaler-stopped = Увеличение неожиданно прервалось.
error-internal = У нас что-то пошло не так (код ошибки { $error_id }).
failure-crashed = Увеличение этого изображения несколько раз прерывалось, и задание остановлено.
failure-timeout = Увеличение заняло больше { $limit } с и было остановлено.
failure-cancelled = Увеличение отменено.
failure-message-gone = Сообщение удалили до окончания увеличения; результат сохранён в /history.
failure-undeliverable = Увеличение завершено, но его не удалось показать в сообщении; результат сохранён в /history.
failure-refunded = Возвращено: { $credits } { $credits ->
        [one] кредит
        [few] кредита
       *[other] кредитов
    }.

kind-fast = Увеличение
kind-creative = Творческое увеличение
kind-detail = Увеличение с детализацией
confirm-title = **{ $kind } x{ $scale }** · примерно { $duration }
confirm-not-enough = Недостаточно кредитов: { $available } из { $price }.
confirm-top-up = Получить больше кредитов: { $url }
confirm-buy-pack = Купите пакет ниже; кредиты поступят в кошелёк этого сервера.
confirm-ask-admin = Попросите у администратора больше кредитов.
confirm-price = Цена: { $price } { $price ->
        [one] кредит
        [few] кредита
       *[other] кредитов
    } · баланс { $available } → { $after }
option-fast = x{ $scale } · { $price } { $price ->
        [one] кредит
        [few] кредита
       *[other] кредитов
    }
option-generative = { $mode } x{ $scale } · { $price } { $price ->
        [one] кредит
        [few] кредита
       *[other] кредитов
    }
select-factor = Коэффициент увеличения
select-preset = Пресет
button-confirm = Подтвердить
button-cancel = Отмена
button-prompt-seed = Промпт и сид...
confirm-cancelled = Отменено. Кредиты не списаны.
confirm-gone = Этого изображения больше нет в сообщении.
confirm-expired = Срок подтверждения истёк; нажмите «Увеличить» ещё раз.
confirm-again = Уже выполняется: это увеличение подтверждено один раз и оплачивается один раз.
confirm-queued = В очереди: № { $position }, примерно { $duration }. Зарезервировано: { $price } { $price ->
        [one] кредит
        [few] кредита
       *[other] кредитов
    }; доступно: { $available }.
confirm-starting = В очереди: начинается. Зарезервировано: { $price } { $price ->
        [one] кредит
        [few] кредита
       *[other] кредитов
    }; доступно: { $available }.
button-cancel-upscale = Отменить это увеличение
button-cancel-job = Отменить № { $job }
job-already-finished = Задание № { $job } уже завершено.
job-cancelled = Задание № { $job } отменено, кредиты возвращены.

engine-creative = Творческий (SD x4 upscaler)
engine-detail = Детализация (Real-ESRGAN + чекпойнт SD)
preset-subtle-hint = остаётся близко к изображению, уточняет то, что есть
preset-balanced-hint = добавляет правдоподобные детали
preset-creative-hint = придумывает новые детали; может менять мелочи
run-seed = { $engine } · { $dial } · сид { $seed }
run-new-seed = { $engine } · { $dial } · новый сид
run-prompt = Промпт: «{ $prompt }»
run-prompt-yours = Промпт (ваш): «{ $prompt }»
run-prompt-message = Промпт (из сообщения): «{ $prompt }»
run-prompt-again = Промпт (как прежде): «{ $prompt }»
run-prompt-image = Промпт (из изображения): «{ $prompt }»
run-prompt-image-tool = Промпт (из метаданных { $tool } изображения): «{ $prompt }»
run-no-prompt = В изображении нет промпта: добавьте его через **Промпт и сид...**
run-negative = Негативный: «{ $prompt }»
form-title = Промпт и сид
form-prompt = Промпт
form-prompt-hint = что на изображении; пусто: без промпта
form-negative = Негативный промпт
form-negative-hint = чего не должно быть
form-seed = Сид
form-seed-hint = пусто: новый сид
form-strength = Сила 1–9 (1 деликатно, 9 творчески)
form-strength-hint = пусто: по пресету
form-refused = { $problem } Ничего не изменено.
bad-prompt-length = Промпт длиннее { $limit } символов.
bad-negative-length = Негативный промпт длиннее { $limit } символов.
bad-seed = Сид должен быть целым числом от 0 до { $max } или пустым для нового; «{ $value }» не подходит.
bad-strength = Сила должна быть целым числом от 1 до 9 или пустой для пресета; «{ $value }» не подходит.
button-again-same = Ещё раз (тот же сид)
button-again-new = Ещё раз (новый сид)
again-not-generative = Показанное изображение — не творческое увеличение и не детализация; используйте «Увеличить».

button-upscale = Увеличить
button-upscale-again = Увеличить ещё
button-original = Оригинал
button-history = Версии
button-numbered = { $label } { $number }
upscale-not-image = Этот файл не изображение.
upscale-no-images = В этом сообщении нет изображений.
upscale-posted = Изображение от { $member }
upscale-reply = Изображения от { $member }, готовы к увеличению

versions-no-earlier = Более ранней версии нет.
versions-original = Оригинал · { $size }
versions-none = Версий пока нет.
versions-older = … и ещё более старых: { $count }
version-original = v{ $version } оригинал · { $size }
version-restored = v{ $version } снова показана v{ $from } · { $size }
version-upscale = v{ $version } увеличение { $number } · { $size }
version-open = [открыть]({ $url })
version-shown-now = **показана сейчас**
version-option = v{ $version } · { $size }
version-option-original = оригинал
select-use-version = Показать эту версию
version-shown-again = { $member } снова показывает версию { $version } · { $size } · { $when }
version-restored-reply = Изображение снова показывает версию { $version } (сохранена как v{ $recorded }).

credits-header = **Баланс { $balance }** · в резерве { $held } · доступно { $available }
ledger-starting = стартовый баланс
ledger-grant = начислено
ledger-revoke = списано
ledger-hold = в резерве
ledger-capture = потрачено
ledger-release = возвращено
ledger-allowance = пополнение
ledger-purchase = куплено
ledger-refund = возврат покупки
ledger-line = { $when } { $kind } { $amount }
ledger-line-reason = { $when } { $kind } { $amount } · { $reason }
place-line = У вас есть покупки ({ $count }) на { $credits } { $credits ->
        [one] кредит
        [few] кредита
       *[other] кредитов
    }, ещё не привязанные к серверу: добавьте каждую в кошелёк этого сервера её кнопкой (один раз; кредиты остаются на одном сервере).
place-line-one = У вас есть покупка на { $credits } { $credits ->
        [one] кредит
        [few] кредита
       *[other] кредитов
    }, ещё не привязанная к серверу: добавьте её в кошелёк этого сервера кнопкой (один раз; кредиты остаются на одном сервере).
button-place = Добавить сюда: { $amount }
place-already-here = Эти кредиты ({ $amount }) уже добавлены на этот сервер. Ничего не изменилось.
place-already-elsewhere = Эти кредиты ({ $amount }) уже добавлены на другой сервер. Ничего не изменилось.
place-added = В ваш кошелёк на этом сервере добавлено: { $amount } { $amount ->
        [one] кредит
        [few] кредита
       *[other] кредитов
    }. Баланс: { $balance }.

granted = { $member }: начислено { $amount } { $amount ->
        [one] кредит
        [few] кредита
       *[other] кредитов
    } ({ $reason }). Баланс: { $balance }.
revoked = { $member }: списано { $amount } { $amount ->
        [one] кредит
        [few] кредита
       *[other] кредитов
    } ({ $reason }). Баланс: { $balance }.
granted-before = Уже сделано { $when }: { $member } начислено { $amount } { $amount ->
        [one] кредит
        [few] кредита
       *[other] кредитов
    }. Ничего не изменилось; баланс { $balance }.
revoked-before = Уже сделано { $when }: у { $member } списано { $amount } { $amount ->
        [one] кредит
        [few] кредита
       *[other] кредитов
    }. Ничего не изменилось; баланс { $balance }.
audit-granted = { $actor } начислил(а) { $member } { $amount } { $amount ->
        [one] кредит
        [few] кредита
       *[other] кредитов
    }: { $reason }
audit-revoked = { $actor } списал(а) у { $member } { $amount } { $amount ->
        [one] кредит
        [few] кредита
       *[other] кредитов
    }: { $reason }
audit-none = Пока нет начислений, списаний и покупок.
audit-header = **Начисления, списания и покупки** (всего { $total }, стр. { $page }/{ $pages })
audit-header-member = **Начисления, списания и покупки: { $member }** (всего { $total }, стр. { $page }/{ $pages })
audit-change = { $when } { $actor } { $amount } → { $member } · { $reason }
purchase-marks = SKU { $sku } · право { $entitlement }
purchase-marks-test = SKU { $sku } · право { $entitlement } · тест
audit-purchase = { $member } купил(а) { $amount } { $amount ->
        [one] кредит
        [few] кредита
       *[other] кредитов
    } ({ $marks })
audit-refund = Discord вернул { $member } деньги за { $amount } { $amount ->
        [one] кредит
        [few] кредита
       *[other] кредитов
    }: забрано { $taken } ({ $marks })
audit-refund-owed = Discord вернул { $member } деньги за { $amount } { $amount ->
        [one] кредит
        [few] кредита
       *[other] кредитов
    }: забрано { $taken }; { $owed } уже потрачено, в долг ({ $marks })

history-empty = Вы ещё ничего не увеличивали.
history-header = **Ваши увеличения** (стр. { $page }/{ $pages }, всего { $total })
history-line = { $when } · { $sizes } · { $price } { $price ->
        [one] кредит
        [few] кредита
       *[other] кредитов
    } · { $link }
history-line-made = { $when } · { $sizes } · { $made } · { $price } { $price ->
        [one] кредит
        [few] кредита
       *[other] кредитов
    } · { $link }

page-footer = стр. { $page }/{ $pages }
queue-running = Выполняются: { $jobs }
queue-running-more = Выполняются: { $jobs } и ещё { $more }
queue-running-none = Выполняются: нет
queue-empty = Ничего не ждёт.
queue-line = { $position }. задание № { $job } для { $member } · { $model } · примерно { $duration }
failures-none = На этом сервере нет неудачных или отменённых увеличений.
failures-header = **Неудачные и отменённые увеличения** (стр. { $page }/{ $pages }, всего { $total })
failures-refunded = возвращено { $price }
failures-not-charged = не списано
failures-error-id = код ошибки { $error_id }
state-failed = ошибка
state-cancelled = отменено

settings-title = **Настройки этого сервера**
settings-line = { $label }: { $value }
settings-line-default = { $label }: { $value } · по умолчанию
settings-hint = -# Пустые поля и пустой выбор возвращают значение по умолчанию.
settings-saved = Сохранено: { $changes }.
settings-unchanged = Ничего не изменилось.
settings-needs-intent = -# Автоматические кнопки читают изображения других ботов, для этого нужен интент Message Content: владелец бота включает его в Developer Portal и задаёт UPSCALE_DISCORD__MESSAGE_CONTENT=true.
setting-upscale_price = Цена увеличения
setting-creative_price = Цена творческого увеличения
setting-detail_price = Цена увеличения с детализацией
setting-starting_balance = Стартовый баланс
setting-allowance_amount = Размер пополнения
setting-allowance_every_hours = Период пополнения
setting-allowance_cap = Предел пополнения
setting-auto_button_channels = Автоматические кнопки в
setting-admin_role_id = Роль администратора
setting-audit_channel_id = Канал аудита
setting-top_up_url = Ссылка для пополнения
setting-language = Язык
setting-allowance = Пополнение
value-credits = { $amount } { $amount ->
        [one] кредит
        [few] кредита
       *[other] кредитов
    }
value-every-hours = каждые { $hours } ч
value-none = нет
value-role-none = нет (только «Управлять сервером»)
value-language-discord = язык сервера в Discord
value-allowance = { $amount } каждые { $hours } ч, до { $cap }
value-allowance-off = выключено
audit-setting = { $actor } изменил(а) «{ $setting }» на { $value } (было { $before }).
audit-setting-default = { $actor } изменил(а) «{ $setting }» на { $value }, по умолчанию (было { $before }).
select-auto-channels = Каналы с автоматическими кнопками «Увеличить»
select-admin-role = Роль администратора (кроме «Управлять сервером»)
select-audit-channel = Канал аудита
select-language = Язык публичных сообщений и аудита
option-language-discord = Язык сервера в Discord
button-edit-credits = Цены и баланс…
button-edit-allowance = Пополнение…
form-credits-title = Цены и баланс
form-allowance-title = Пополнение
field-upscale_price = Цена увеличения (кредиты)
field-creative_price = Цена творческого увеличения
field-detail_price = Цена увеличения с детализацией
field-starting_balance = Стартовый баланс новых участников
field-top_up_url = Ссылка для тех, у кого кончились кредиты
field-allowance_amount = Бесплатно за период (0 — выкл.)
field-allowance_every_hours = Период, в часах
field-allowance_cap = Не выше этого баланса
field-default = по умолчанию: { $value }

command-upscale = увеличить
command-upscale-description = Опубликовать изображение с кнопкой «Увеличить» и увеличить его
command-upscale-image = изображение
command-upscale-image-description = изображение для увеличения
command-upscale-model = модель
command-upscale-model-description = какая модель (по умолчанию — модель сервера)
command-upscale-image-menu = Увеличить изображение
command-credits = кредиты
command-credits-description = Ваши кредиты: баланс, резерв и последние изменения
command-history = история
command-history-description = Ваши увеличения, сначала новые
command-history-page = страница
command-history-page-description = номер страницы
command-credits-admin = кредиты-админ
command-credits-admin-description = Начислять, списывать и проверять кредиты
command-credits-admin-grant = начислить
command-credits-admin-grant-description = Дать участнику кредиты
command-credits-admin-revoke = списать
command-credits-admin-revoke-description = Забрать кредиты у участника
command-credits-admin-audit = аудит
command-credits-admin-audit-description = Начисления и списания: кто и почему
command-credits-admin-member = участник
command-credits-admin-member-description = кто
command-credits-admin-amount = количество
command-credits-admin-amount-description = сколько
command-credits-admin-reason = причина
command-credits-admin-reason-description = почему (сохраняется в аудите)
command-credits-admin-audit-member-description = только этот участник
command-upscale-admin = увеличение-админ
command-upscale-admin-description = Управлять очередью увеличения
command-upscale-admin-queue = очередь
command-upscale-admin-queue-description = Очередь в порядке выполнения заданий
command-upscale-admin-settings = настройки
command-upscale-admin-settings-description = Цены, пополнение и каналы этого сервера
command-upscale-admin-failures = ошибки
command-upscale-admin-failures-description = Недавние неудачные и отменённые увеличения
