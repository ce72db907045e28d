## upscale-bot, Russian (Русский): translated from en.ftl.
## Plural shapes follow CLDR (one, few, many, other); "other" is the fraction form.

## Durations
duration-seconds = { $count } с
duration-minutes = { $count } мин
duration-hours = { $count } ч

## Progress on the image's message (the server's language)
progress-line = Увеличение для { $member }: { $progress }
progress-running = { $percent }% { $bar }
progress-queued = в очереди
progress-queued-eta = в очереди, примерно { $duration }
progress-queued-no-worker = в очереди, ждёт обработчик с моделью { $model }
progress-queued-at = №{ $position } в очереди
progress-queued-at-eta = №{ $position } в очереди, примерно { $duration }
progress-queued-at-no-worker = №{ $position } в очереди, ждёт обработчик с моделью { $model }
progress-cancelled = Увеличение отменено.

## What a generative version was made with
mode-fast = Быстрое
mode-creative = Творческое
mode-detail = Детальное
preset-subtle = Деликатный
preset-balanced = Сбалансированный
preset-creative = Творческий
dial-strength = сила { $strength }
dial-preset = пресет { $preset }
made-with = { $mode } · { $dial }
made-with-seed = { $mode } · { $dial } · сид { $seed }

## The result on the image's message (the server's language) and the receipt (the member's)
delivered = Увеличено x{ $scale } · { $input } → { $output } · { $price } { $price ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    }
delivered-made = Увеличено x{ $scale } · { $input } → { $output } · { $price } { $price ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    } · { $made }
receipt = Готово: увеличено x{ $scale } до { $size } за { $price } { $price ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    }. Баланс: { $balance } { $balance ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    }.
receipt-made = Готово: увеличено x{ $scale } до { $size } ({ $made }) за { $price } { $price ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    }. Баланс: { $balance } { $balance ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    }.

## Errors (one sentence each)
error-not-admin = Это могут делать только администраторы сервера.
error-servers-only = Это работает только на серверах.
error-guild-not-allowed = На этом сервере бот не включён.
error-no-such-job = На этом сервере нет задания #{ $job }.
error-not-your-image = Менять показанную версию изображения могут только участники, которые его увеличивали, и администраторы.
error-model-not-offered = Модель { $model } не установлена в этом боте; выберите модель из списка.
error-model-not-installed = Модель { $model } не установлена в этом боте.
error-insufficient-credits = Требуется { $needed } { $needed ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    }, а доступно { $available }.
error-image-busy = Это изображение уже увеличивается; оно обновится, когда всё будет готово.
error-queue-limit = У вас уже максимум заданий в очереди ({ $limit }); попробуйте снова, когда одно из них завершится.
error-queue-full = Очередь заполнена; попробуйте через несколько минут. Кредиты не списаны.
error-image-too-large = Изображение { $size } ({ $pixels } пикс.), а максимум — { $limit } пикс. Попробуйте изображение поменьше.
error-upscaler-failed = Не удалось увеличить это изображение.
error-upscaler-stopped = Модуль увеличения неожиданно остановился.
error-internal = У нас что-то пошло не так (код ошибки { $error_id }).
failure-crashed = Модуль увеличения несколько раз останавливался на этом изображении, поэтому задание прервано.
failure-timeout = Увеличение заняло больше { $limit } с и было остановлено.
failure-cancelled = Увеличение отменено.
failure-message-gone = Сообщение удалили до завершения увеличения; результат сохранён в /история.
failure-undeliverable = Увеличение завершено, но результат не удалось опубликовать в сообщении; он сохранён в /история.
failure-refunded = Вам вернули { $credits } { $credits ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    }.

## The confirmation (the member's language)
kind-fast = Увеличение
kind-creative = Творческое увеличение
kind-detail = Детальное увеличение
confirm-title = **{ $kind } x{ $scale }** · примерно { $duration }
confirm-not-enough = Недостаточно кредитов: { $available } из { $price }.
confirm-top-up = Пополнить кредиты: { $url }
confirm-buy-pack = Купите пакет ниже — кредиты поступят в кошелёк этого сервера.
confirm-ask-admin = Попросите администратора начислить вам кредиты.
confirm-price = Цена: { $price } { $price ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    } · баланс { $available } → { $after }
option-fast = x{ $scale } · { $price } { $price ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    }
option-generative = { $mode } x{ $scale } · { $price } { $price ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    }
select-factor = Кратность увеличения
select-preset = Пресет
button-confirm = Подтвердить
button-cancel = Отмена
button-prompt-seed = Промпт и сид...
confirm-cancelled = Отменено. Кредиты не списаны.
confirm-gone = Этого изображения больше нет в сообщении.
confirm-expired = Время на подтверждение истекло; нажмите «Увеличить» ещё раз.
confirm-again = Уже выполняется: это увеличение подтверждено и оплачено один раз.
confirm-queued = В очереди: №{ $position }, примерно { $duration }. В резерве { $price } { $price ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    }; доступно { $available }.
confirm-starting = В очереди: запускается. В резерве { $price } { $price ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    }; доступно { $available }.
button-cancel-upscale = Отменить это увеличение
button-cancel-job = Отменить #{ $job }
job-already-finished = Задание #{ $job } уже завершено.
job-cancelled = Задание #{ $job } отменено, кредиты возвращены.

## Creative and detail upscales
engine-creative = Творческое (SD x4 upscaler)
engine-detail = Детальное (Real-ESRGAN + чекпойнт SD)
preset-subtle-hint = остаётся близко к изображению, делает чётче то, что уже есть
preset-balanced-hint = добавляет правдоподобные детали
preset-creative-hint = придумывает новые детали; может изменить мелочи
run-seed = { $engine } · { $dial } · сид { $seed }
run-new-seed = { $engine } · { $dial } · новый сид
run-prompt = Промпт: «{ $prompt }»
run-prompt-yours = Промпт (ваш): «{ $prompt }»
run-prompt-message = Промпт (из сообщения): «{ $prompt }»
run-prompt-again = Промпт (как в прошлый раз): «{ $prompt }»
run-prompt-image = Промпт (из изображения): «{ $prompt }»
run-prompt-image-tool = Промпт (из метаданных { $tool } в изображении): «{ $prompt }»
run-no-prompt = В изображении не найден промпт: добавьте его кнопкой **Промпт и сид...**
run-negative = Негативный: «{ $prompt }»
form-title = Промпт и сид
form-prompt = Промпт
form-prompt-hint = что на изображении; пусто — без промпта
form-negative = Негативный промпт
form-negative-hint = чего не должно быть
form-seed = Сид
form-seed-hint = пусто — новый сид
form-strength = Сила 1-9 (1 — деликатно, 9 — творчески)
form-strength-hint = пусто — как в пресете
form-refused = { $problem } Ничего не изменено.
bad-prompt-length = Промпт слишком длинный: максимум { $limit } { $limit ->
        [one] символ
        [few] символа
        [many] символов
       *[other] символа
    }.
bad-negative-length = Негативный промпт слишком длинный: максимум { $limit } { $limit ->
        [one] символ
        [few] символа
        [many] символов
       *[other] символа
    }.
bad-seed = Сид должен быть целым числом от 0 до { $max } или пустым для нового сида; «{ $value }» не подходит.
bad-strength = Сила должна быть целым числом от 1 до 9 или пустой, чтобы взять значение пресета; «{ $value }» не подходит.
button-again-same = Ещё раз (тот же сид)
button-again-new = Ещё раз (новый сид)
again-not-generative = Сейчас показано не творческое и не детальное увеличение; нажмите «Увеличить».

## The image's buttons and posts (the server's language)
button-upscale = Увеличить
button-upscale-again = Увеличить ещё раз
button-original = Оригинал
button-history = История
button-numbered = { $label } { $number }
upscale-not-image = Этот файл — не изображение.
upscale-no-images = В этом сообщении нет изображений.
upscale-posted = Изображение от { $member }
upscale-reply = Изображения от { $member } — можно увеличить

## An image's versions
versions-no-earlier = Более ранней версии нет.
versions-original = Оригинал · { $size }
versions-none = Версий пока нет.
versions-older = … и ещё { $count } { $count ->
        [one] более ранняя
        [few] более ранние
        [many] более ранних
       *[other] более ранние
    }
version-original = v{ $version } оригинал · { $size }
version-restored = v{ $version } снова показана v{ $from } · { $size }
version-upscale = v{ $version } увеличение { $number } · { $size }
version-open = [открыть]({ $url })
version-shown-now = **показана сейчас**
version-option = v{ $version } · { $size }
version-option-original = оригинал
select-use-version = Показать эту версию
version-shown-again = Версию { $version } снова показал(а) { $member } · { $size } · { $when }
version-restored-reply = На изображении снова версия { $version } (записана как v{ $recorded }).

## /credits
credits-header = **Баланс { $balance }** · в резерве { $held } · доступно { $available }
ledger-starting = начальный баланс
ledger-grant = начислено
ledger-revoke = списано
ledger-hold = в резерве
ledger-capture = потрачено
ledger-release = возвращено
ledger-allowance = регулярное начисление
ledger-purchase = покупка
ledger-refund = возврат покупки
ledger-line = { $when } { $kind } { $amount }
ledger-line-reason = { $when } { $kind } { $amount } · { $reason }
place-line = У вас есть покупки на { $credits } { $credits ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    }, ещё не добавленные ни на один сервер ({ $count } шт.): добавьте каждую в кошелёк этого сервера её кнопкой (один раз: кредиты остаются на одном сервере).
place-line-one = У вас есть покупка на { $credits } { $credits ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    }, ещё не добавленная ни на один сервер: добавьте её в кошелёк этого сервера кнопкой (один раз: кредиты остаются на одном сервере).
button-place = Добавить сюда { $amount } { $amount ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    }
place-already-here = Эта покупка ({ $amount } { $amount ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    }) уже добавлена на этот сервер. Ничего не изменилось.
place-already-elsewhere = Эта покупка ({ $amount } { $amount ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    }) уже добавлена на другой сервер. Ничего не изменилось.
place-added = Добавлено в ваш кошелёк на этом сервере: { $amount } { $amount ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    }. Баланс: { $balance }.

## /credits-admin (the admin's language) and its audit lines (the server's)
granted = Начислено участнику { $member }: { $amount } { $amount ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    } ({ $reason }). Баланс: { $balance }.
revoked = Списано у участника { $member }: { $amount } { $amount ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    } ({ $reason }). Баланс: { $balance }.
granted-before = Это уже сделано { $when }: участнику { $member } начислили { $amount } { $amount ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    }. Ничего не изменилось; баланс { $balance }.
revoked-before = Это уже сделано { $when }: у участника { $member } списали { $amount } { $amount ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    }. Ничего не изменилось; баланс { $balance }.
audit-granted = { $actor } начислил(а) { $amount } { $amount ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    } участнику { $member }: { $reason }
audit-revoked = { $actor } списал(а) { $amount } { $amount ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    } у участника { $member }: { $reason }
audit-none = Начислений, списаний и покупок пока нет.
audit-header = **Начисления, списания и покупки** (всего { $total }, стр. { $page }/{ $pages })
audit-header-member = **Начисления, списания и покупки: { $member }** (всего { $total }, стр. { $page }/{ $pages })
audit-change = { $when } { $actor } { $amount } → { $member } · { $reason }
purchase-marks = SKU { $sku } · entitlement { $entitlement }
purchase-marks-test = SKU { $sku } · entitlement { $entitlement } · тест
audit-purchase = { $member } купил(а) { $amount } { $amount ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    } ({ $marks })
audit-refund = Discord вернул деньги за покупку { $member } на { $amount } { $amount ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    }: списано обратно { $taken } ({ $marks })
audit-refund-owed = Discord вернул деньги за покупку { $member } на { $amount } { $amount ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    }: списано обратно { $taken }; { $owed } уже потрачено и числится долгом ({ $marks })

## /history
history-empty = У вас пока нет увеличений.
history-header = **Ваши увеличения** (стр. { $page }/{ $pages }, всего { $total })
history-line = { $when } · { $sizes } · { $price } { $price ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    } · { $link }
history-line-made = { $when } · { $sizes } · { $made } · { $price } { $price ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    } · { $link }

## /upscale-admin queue and failures
page-footer = стр. { $page }/{ $pages }
queue-running = Выполняются: { $jobs }
queue-running-more = Выполняются: { $jobs } и ещё { $more }
queue-running-none = Выполняются: нет
queue-empty = Очередь пуста.
queue-line = { $position }. задание #{ $job } для { $member } · { $model } · примерно { $duration }
failures-none = На этом сервере нет неудавшихся или отменённых увеличений.
failures-header = **Неудавшиеся и отменённые увеличения** (стр. { $page }/{ $pages }, всего { $total })
failures-refunded = возвращено { $price }
failures-not-charged = не списано
failures-error-id = код ошибки { $error_id }
state-failed = ошибка
state-cancelled = отменено

## /upscale-admin settings
settings-title = **Настройки этого сервера**
settings-line = { $label }: { $value }
settings-line-default = { $label }: { $value } · по умолчанию
settings-hint = -# Пустые поля и пустой выбор возвращают значение по умолчанию.
settings-saved = Сохранено: { $changes }.
settings-unchanged = Ничего не изменилось.
settings-needs-intent = -# Автоматические кнопки читают изображения других ботов, а для этого нужен интент Message Content: владелец бота включает его на Developer Portal и задаёт UPSCALE_DISCORD__MESSAGE_CONTENT=true.
setting-upscale_price = Цена увеличения
setting-creative_price = Цена творческого увеличения
setting-detail_price = Цена детального увеличения
setting-starting_balance = Начальный баланс
setting-allowance_amount = Размер начисления
setting-allowance_every_hours = Период начисления
setting-allowance_cap = Предел начисления
setting-auto_button_channels = Автоматические кнопки в
setting-admin_role_id = Роль администратора
setting-audit_channel_id = Канал журнала
setting-top_up_url = Ссылка на пополнение
setting-language = Язык
setting-allowance = Регулярное начисление
value-credits = { $amount } { $amount ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    }
value-every-hours = раз в { $hours } ч
value-none = нет
value-role-none = нет (только «Управлять сервером»)
value-language-discord = язык сервера в Discord
value-allowance = { $amount } { $amount ->
        [one] кредит
        [few] кредита
        [many] кредитов
       *[other] кредита
    } раз в { $hours } ч, не больше { $cap }
value-allowance-off = выкл.
audit-setting = { $actor } изменил(а) «{ $setting }»: { $value } (было: { $before }).
audit-setting-default = { $actor } изменил(а) «{ $setting }»: { $value }, по умолчанию (было: { $before }).
select-auto-channels = Каналы с автоматическими кнопками «Увеличить»
select-admin-role = Роль администратора (помимо «Управлять сервером»)
select-audit-channel = Канал журнала
select-language = Язык публичных сообщений и журнала
option-language-discord = Язык сервера в Discord
button-edit-credits = Цены и баланс…
button-edit-allowance = Начисление…
form-credits-title = Цены и баланс
form-allowance-title = Регулярное начисление
field-upscale_price = Цена увеличения (в кредитах)
field-creative_price = Цена творческого увеличения (в кредитах)
field-detail_price = Цена детального увеличения (в кредитах)
field-starting_balance = Начальный баланс новых участников
field-top_up_url = Ссылка на пополнение, когда кредиты кончились
field-allowance_amount = Бесплатные кредиты за период (0 — выкл.)
field-allowance_every_hours = Период, в часах
field-allowance_cap = Не выше этого баланса
field-default = по умолчанию: { $value }

## Commands. Names: lower case, no spaces, 1-32 letters, digits, - or _ (Discord's rules);
## the context menu's name may have spaces and capitals.
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
command-credits-admin-description = Начисление, списание и журнал кредитов
command-credits-admin-grant = начислить
command-credits-admin-grant-description = Начислить кредиты участнику
command-credits-admin-revoke = списать
command-credits-admin-revoke-description = Списать кредиты у участника
command-credits-admin-audit = журнал
command-credits-admin-audit-description = Начисления и списания: кто и почему
command-credits-admin-member = участник
command-credits-admin-member-description = кто
command-credits-admin-amount = количество
command-credits-admin-amount-description = сколько
command-credits-admin-reason = причина
command-credits-admin-reason-description = почему (сохраняется в журнале)
command-credits-admin-audit-member-description = только этот участник
command-upscale-admin = увеличение-админ
command-upscale-admin-description = Управление очередью увеличений
command-upscale-admin-queue = очередь
command-upscale-admin-queue-description = Очередь в том порядке, в котором будут выполняться задания
command-upscale-admin-settings = настройки
command-upscale-admin-settings-description = Цены, регулярные начисления и каналы этого сервера
command-upscale-admin-failures = сбои
command-upscale-admin-failures-description = Недавние неудавшиеся и отменённые увеличения
