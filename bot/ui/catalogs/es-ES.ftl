## upscale-bot, español de España (Spanish, Spain). Términos: créditos, ampliar/ampliación (upscale), versión, cola, servidor, miembro, admin, modelo, tarea (job).

## Durations
duration-seconds = { $count } s
duration-minutes = { $count } min
duration-hours = { $count } h

## Progress on the image's message (the server's language)
progress-line = Ampliación para { $member }: { $progress }
progress-running = { $percent } % { $bar }
progress-queued = en cola
progress-queued-eta = en cola, unos { $duration }
progress-queued-no-worker = en cola, esperando a un worker con el modelo { $model }
progress-queued-at = puesto { $position } en la cola
progress-queued-at-eta = puesto { $position } en la cola, unos { $duration }
progress-queued-at-no-worker = puesto { $position } en la cola, esperando a un worker con el modelo { $model }
progress-cancelled = Ampliación cancelada.

## What a generative version was made with
mode-fast = Rápida
mode-creative = Creativa
mode-detail = Detalle
preset-subtle = Sutil
preset-balanced = Equilibrado
preset-creative = Creativo
dial-strength = intensidad { $strength }
dial-preset = ajuste { $preset }
made-with = { $mode } · { $dial }
made-with-seed = { $mode } · { $dial } · semilla { $seed }

## The result on the image's message (the server's language) and the receipt (the member's)
delivered = Ampliada x{ $scale } · { $input } → { $output } · { $price } { $price ->
        [one] crédito
       *[other] créditos
    }
delivered-made = Ampliada x{ $scale } · { $input } → { $output } · { $price } { $price ->
        [one] crédito
       *[other] créditos
    } · { $made }
receipt = Listo: ampliada x{ $scale } a { $size } por { $price } { $price ->
        [one] crédito
       *[other] créditos
    }. Saldo: { $balance } { $balance ->
        [one] crédito
       *[other] créditos
    }.
receipt-made = Listo: ampliada x{ $scale } a { $size } ({ $made }) por { $price } { $price ->
        [one] crédito
       *[other] créditos
    }. Saldo: { $balance } { $balance ->
        [one] crédito
       *[other] créditos
    }.

## Errors (one sentence each)
error-not-admin = Solo los admins del servidor pueden hacer eso.
error-servers-only = Esto solo funciona en servidores.
error-guild-not-allowed = Este bot no está activado en este servidor.
error-no-such-job = No hay ninguna tarea #{ $job } en este servidor.
error-not-your-image = Solo los miembros que ampliaron esta imagen, o los admins, pueden cambiar la versión que muestra.
error-model-not-offered = El modelo { $model } no está instalado en este bot; elige uno de la lista.
error-model-not-installed = El modelo { $model } no está instalado en este bot.
error-insufficient-credits = Necesitas { $needed } { $needed ->
        [one] crédito
       *[other] créditos
    }, pero solo tienes { $available } disponibles.
error-image-busy = Esta imagen ya se está ampliando; se actualizará cuando termine.
error-queue-limit = Ya tienes { $limit } { $limit ->
        [one] ampliación
       *[other] ampliaciones
    } en espera; vuelve a intentarlo cuando termine alguna.
error-queue-full = La cola está llena; vuelve a intentarlo dentro de unos minutos. No se te ha cobrado nada.
error-image-too-large = La imagen mide { $size } ({ $pixels } píxeles); el límite es de { $limit } píxeles. Prueba con una imagen más pequeña.
error-file-too-large = El archivo ocupa { $size }, más que el límite de { $limit }.
size-kib = { $count } KiB
size-mib = { $count } MiB
error-upscaler-failed = La ampliación de esta imagen ha fallado.
error-upscaler-stopped = El motor de ampliación se ha detenido inesperadamente.
error-internal = Algo ha fallado por nuestra parte (ID de error { $error_id }).
failure-crashed = El motor de ampliación se detuvo varias veces con esta imagen y se ha detenido la tarea.
failure-timeout = La ampliación ha tardado más de { $limit } s y se ha detenido.
failure-cancelled = La ampliación se ha cancelado.
failure-message-gone = El mensaje se eliminó antes de que terminara la ampliación; el resultado está guardado en /historial.
failure-undeliverable = La ampliación ha terminado, pero no se ha podido publicar en el mensaje; el resultado está guardado en /historial.
failure-refunded = Se te { $credits ->
        [one] ha reembolsado
       *[other] han reembolsado
    } { $credits } { $credits ->
        [one] crédito
       *[other] créditos
    }.

## The confirmation (the member's language)
kind-fast = Ampliación
kind-creative = Ampliación creativa
kind-detail = Ampliación con detalle
confirm-title = **{ $kind } x{ $scale }** · unos { $duration }
confirm-not-enough = No tienes suficientes créditos: { $available } de { $price }.
confirm-top-up = Consigue más créditos: { $url }
confirm-buy-pack = Compra un pack aquí abajo; los créditos irán a tu saldo en este servidor.
confirm-ask-admin = Pide más créditos a un admin.
confirm-price = Precio: { $price } { $price ->
        [one] crédito
       *[other] créditos
    } · saldo { $available } → { $after }
option-fast = x{ $scale } · { $price } { $price ->
        [one] crédito
       *[other] créditos
    }
option-generative = { $mode } x{ $scale } · { $price } { $price ->
        [one] crédito
       *[other] créditos
    }
select-factor = Factor de ampliación
select-preset = Ajuste predefinido
button-confirm = Confirmar
button-cancel = Cancelar
button-prompt-seed = Prompt y semilla…
confirm-cancelled = Cancelado. No se te ha cobrado nada.
confirm-gone = Esa imagen ya no está en el mensaje.
confirm-expired = Esta confirmación ha caducado; vuelve a hacer clic en Ampliar.
confirm-again = Ya está en curso: esta ampliación se confirmó una vez y se cobra una sola vez.
confirm-queued = En cola: puesto { $position }, unos { $duration }. { $price } { $price ->
        [one] crédito reservado
       *[other] créditos reservados
    }; disponibles: { $available }.
confirm-starting = En cola: a punto de empezar. { $price } { $price ->
        [one] crédito reservado
       *[other] créditos reservados
    }; disponibles: { $available }.
button-cancel-upscale = Cancelar esta ampliación
button-cancel-job = Cancelar #{ $job }
job-already-finished = La tarea #{ $job } ya ha terminado.
job-cancelled = Tarea #{ $job } cancelada y reembolsada.

## Creative and detail upscales
engine-creative = Creativa (SD x4 upscaler)
engine-detail = Detalle (Real-ESRGAN + checkpoint de SD)
preset-subtle-hint = se mantiene fiel a la imagen y afina lo que ya hay
preset-balanced-hint = añade detalles verosímiles
preset-creative-hint = inventa detalles nuevos; puede cambiar cosas pequeñas
run-seed = { $engine } · { $dial } · semilla { $seed }
run-new-seed = { $engine } · { $dial } · semilla nueva
run-prompt = Prompt: «{ $prompt }»
run-prompt-yours = Prompt (el tuyo): «{ $prompt }»
run-prompt-message = Prompt (del mensaje): «{ $prompt }»
run-prompt-again = Prompt (como antes): «{ $prompt }»
run-prompt-image = Prompt (de la imagen): «{ $prompt }»
run-prompt-image-tool = Prompt (de los metadatos de { $tool } de la imagen): «{ $prompt }»
run-no-prompt = No se ha encontrado ningún prompt en la imagen: añade uno con **Prompt y semilla…**
run-negative = Negativo: «{ $prompt }»
form-title = Prompt y semilla
form-prompt = Prompt
form-prompt-hint = lo que muestra la imagen; vacío: sin prompt
form-negative = Prompt negativo
form-negative-hint = lo que debe evitarse
form-seed = Semilla
form-seed-hint = vacío: una semilla nueva
form-strength = Intensidad 1-9 (1 sutil, 9 creativa)
form-strength-hint = vacío: la del ajuste
form-refused = { $problem } No se ha cambiado nada.
bad-prompt-length = El prompt supera los { $limit } caracteres.
bad-negative-length = El prompt negativo supera los { $limit } caracteres.
bad-seed = La semilla debe ser un número entero de 0 a { $max }, o quedar vacía para usar una nueva; «{ $value }» no lo es.
bad-strength = La intensidad debe ser un número entero de 1 a 9, o quedar vacía para usar la del ajuste; «{ $value }» no lo es.
button-again-same = Otra vez (misma semilla)
button-again-new = Otra vez (semilla nueva)
again-not-generative = La imagen que se muestra ahora no es una ampliación creativa ni con detalle; usa Ampliar.

## The image's buttons and posts (the server's language)
button-upscale = Ampliar
button-upscale-again = Volver a ampliar
button-original = Original
button-history = Historial
button-numbered = { $label } { $number }
upscale-not-image = Ese archivo no es una imagen.
upscale-no-images = Ese mensaje no tiene imágenes.
upscale-posted = Imagen de { $member }
upscale-reply = Imágenes de { $member }, listas para ampliar

## An image's versions
versions-no-earlier = No hay ninguna versión anterior.
versions-original = Original · { $size }
versions-none = Aún no hay versiones registradas.
versions-older = … y { $count } { $count ->
        [one] anterior
       *[other] anteriores
    }
version-original = v{ $version } original · { $size }
version-restored = v{ $version } v{ $from } mostrada de nuevo · { $size }
version-upscale = v{ $version } ampliación { $number } · { $size }
version-open = [abrir]({ $url })
version-shown-now = **se muestra ahora**
version-option = v{ $version } · { $size }
version-option-original = la original
select-use-version = Usar esta versión
version-shown-again = { $member } ha vuelto a mostrar la versión { $version } · { $size } · { $when }
version-restored-reply = La imagen vuelve a mostrar la versión { $version } (registrada como v{ $recorded }).

## /credits
credits-header = **Saldo { $balance }** · reservado { $held } · disponible { $available }
ledger-starting = saldo inicial
ledger-grant = concedido
ledger-revoke = retirado
ledger-hold = reservado
ledger-capture = gastado
ledger-release = reembolsado
ledger-allowance = asignación
ledger-purchase = comprado
ledger-refund = reembolso de una compra
ledger-line = { $when } { $kind } { $amount }
ledger-line-reason = { $when } { $kind } { $amount } · { $reason }
place-line = Tienes { $count } compras, { $credits } { $credits ->
        [one] crédito
       *[other] créditos
    } en total, que aún no están en ningún servidor: añade cada una al saldo de este servidor con su botón (solo una vez; los créditos se quedan en un único servidor).
place-line-one = Tienes una compra de { $credits } { $credits ->
        [one] crédito
       *[other] créditos
    } que aún no está en ningún servidor: añádela al saldo de este servidor con su botón (solo una vez; los créditos se quedan en un único servidor).
button-place = Añadir aquí { $amount } { $amount ->
        [one] crédito
       *[other] créditos
    }
place-already-here = Esos { $amount } { $amount ->
        [one] crédito ya se añadió
       *[other] créditos ya se añadieron
    } a este servidor. No ha cambiado nada.
place-already-elsewhere = Esos { $amount } { $amount ->
        [one] crédito ya se añadió
       *[other] créditos ya se añadieron
    } a otro servidor. No ha cambiado nada.
place-added = Se { $amount ->
        [one] ha añadido
       *[other] han añadido
    } { $amount } { $amount ->
        [one] crédito
       *[other] créditos
    } a tu saldo en este servidor. Saldo: { $balance }.

## /credits-admin (the admin's language) and its audit lines (the server's)
granted = Se { $amount ->
        [one] ha concedido
       *[other] han concedido
    } { $amount } { $amount ->
        [one] crédito
       *[other] créditos
    } a { $member } ({ $reason }). Saldo: { $balance }.
revoked = Se { $amount ->
        [one] ha retirado
       *[other] han retirado
    } { $amount } { $amount ->
        [one] crédito
       *[other] créditos
    } a { $member } ({ $reason }). Saldo: { $balance }.
granted-before = Ya se hizo el { $when }: se { $amount ->
        [one] concedió
       *[other] concedieron
    } { $amount } { $amount ->
        [one] crédito
       *[other] créditos
    } a { $member }. No ha cambiado nada; saldo { $balance }.
revoked-before = Ya se hizo el { $when }: se { $amount ->
        [one] retiró
       *[other] retiraron
    } { $amount } { $amount ->
        [one] crédito
       *[other] créditos
    } a { $member }. No ha cambiado nada; saldo { $balance }.
audit-granted = { $actor } ha concedido { $amount } { $amount ->
        [one] crédito
       *[other] créditos
    } a { $member }: { $reason }
audit-revoked = { $actor } ha retirado { $amount } { $amount ->
        [one] crédito
       *[other] créditos
    } a { $member }: { $reason }
audit-none = Aún no hay concesiones, retiradas ni compras.
audit-header = **Concesiones, retiradas y compras** ({ $total } en total, página { $page }/{ $pages })
audit-header-member = **Concesiones, retiradas y compras de { $member }** ({ $total } en total, página { $page }/{ $pages })
audit-change = { $when } { $actor } { $amount } → { $member } · { $reason }
purchase-marks = SKU { $sku } · derecho { $entitlement }
purchase-marks-test = SKU { $sku } · derecho { $entitlement } · prueba
audit-purchase = { $member } ha comprado { $amount } { $amount ->
        [one] crédito
       *[other] créditos
    } ({ $marks })
audit-refund = Discord ha reembolsado a { $member } { $amount } { $amount ->
        [one] crédito
       *[other] créditos
    }: { $taken } recuperados ({ $marks })
audit-refund-owed = Discord ha reembolsado a { $member } { $amount } { $amount ->
        [one] crédito
       *[other] créditos
    }: { $taken } recuperados; { $owed } ya gastados, pendientes ({ $marks })

## /history
history-empty = Aún no has ampliado nada.
history-header = **Tus ampliaciones** (página { $page }/{ $pages }, { $total } en total)
history-line = { $when } · { $sizes } · { $price } { $price ->
        [one] crédito
       *[other] créditos
    } · { $link }
history-line-made = { $when } · { $sizes } · { $made } · { $price } { $price ->
        [one] crédito
       *[other] créditos
    } · { $link }

## /upscale-admin queue and failures
page-footer = página { $page }/{ $pages }
queue-running = En curso: { $jobs }
queue-running-more = En curso: { $jobs } y { $more } más
queue-running-none = En curso: ninguna
queue-empty = No hay nada en espera.
queue-line = { $position }. tarea #{ $job } de { $member } · { $model } · unos { $duration }
failures-none = No hay ampliaciones fallidas ni canceladas en este servidor.
failures-header = **Ampliaciones fallidas y canceladas** (página { $page }/{ $pages }, { $total } en total)
failures-refunded = reembolsado: { $price }
failures-not-charged = sin cobrar
failures-error-id = ID de error { $error_id }
state-failed = fallida
state-cancelled = cancelada

## /upscale-admin settings
settings-title = **Ajustes de este servidor**
settings-line = { $label }: { $value }
settings-line-default = { $label }: { $value } · predeterminado
settings-hint = -# Los campos y las selecciones que se dejen vacíos vuelven al valor predeterminado.
settings-saved = Guardado: { $changes }.
settings-unchanged = No ha cambiado nada.
settings-needs-intent = -# Los botones automáticos leen imágenes de otros bots, lo que requiere el intent Message Content: el propietario del bot lo activa en el Developer Portal y establece UPSCALE_DISCORD__MESSAGE_CONTENT=true.
setting-upscale_price = Precio de ampliación
setting-creative_price = Precio de ampliación creativa
setting-detail_price = Precio de ampliación con detalle
setting-starting_balance = Saldo inicial
setting-allowance_amount = Cantidad de la asignación
setting-allowance_every_hours = Periodo de la asignación
setting-allowance_cap = Tope de la asignación
setting-auto_button_channels = Botones automáticos en
setting-admin_role_id = Rol de admin
setting-audit_channel_id = Canal de registro
setting-top_up_url = Enlace de recarga
setting-language = Idioma
setting-allowance = Asignación
value-credits = { $amount } { $amount ->
        [one] crédito
       *[other] créditos
    }
value-every-hours = cada { $hours } h
value-none = ninguno
value-role-none = ninguno (solo Gestionar servidor)
value-language-discord = el idioma de Discord del servidor
value-allowance = { $amount } { $amount ->
        [one] crédito
       *[other] créditos
    } cada { $hours } h, hasta { $cap }
value-allowance-off = desactivada
audit-setting = { $actor } ha cambiado { $setting } a { $value } (antes: { $before }).
audit-setting-default = { $actor } ha cambiado { $setting } a { $value }, el valor predeterminado (antes: { $before }).
select-auto-channels = Canales con botones Ampliar automáticos
select-admin-role = Rol de admin (además de Gestionar servidor)
select-audit-channel = Canal de registro
select-language = Idioma de los mensajes públicos y del registro
option-language-discord = El idioma de Discord del servidor
button-edit-credits = Precios y saldo…
button-edit-allowance = Asignación…
form-credits-title = Precios y saldo
form-allowance-title = Asignación
field-upscale_price = Precio de ampliación (créditos)
field-creative_price = Precio de ampliación creativa (créditos)
field-detail_price = Precio de ampliación con detalle (créditos)
field-starting_balance = Saldo inicial de los miembros nuevos
field-top_up_url = Enlace de recarga para miembros sin créditos
field-allowance_amount = Créditos gratis por periodo (0 la desactiva)
field-allowance_every_hours = Periodo, en horas
field-allowance_cap = Nunca por encima de este saldo
field-default = por defecto: { $value }

## Commands. Names: lower case, no spaces, 1-32 letters, digits, - or _ (Discord's rules);
## the context menu's name may have spaces and capitals.
command-upscale = ampliar
command-upscale-description = Publica una imagen con un botón Ampliar y amplíala
command-upscale-image = imagen
command-upscale-image-description = la imagen que quieres ampliar
command-upscale-model = modelo
command-upscale-model-description = qué modelo (predeterminado: el del servidor)
command-upscale-image-menu = Ampliar imagen
command-credits = créditos
command-credits-description = Tus créditos: saldo, reservados y cambios recientes
command-history = historial
command-history-description = Tus ampliaciones, de la más reciente a la más antigua
command-history-page = página
command-history-page-description = número de página
command-credits-admin = créditos-admin
command-credits-admin-description = Concede, retira y revisa créditos
command-credits-admin-grant = conceder
command-credits-admin-grant-description = Da créditos a un miembro
command-credits-admin-revoke = retirar
command-credits-admin-revoke-description = Quita créditos a un miembro
command-credits-admin-audit = registro
command-credits-admin-audit-description = Concesiones y retiradas, con quién y por qué
command-credits-admin-member = miembro
command-credits-admin-member-description = quién
command-credits-admin-amount = cantidad
command-credits-admin-amount-description = cuántos
command-credits-admin-reason = motivo
command-credits-admin-reason-description = por qué (queda en el registro)
command-credits-admin-audit-member-description = solo este miembro
command-upscale-admin = ampliar-admin
command-upscale-admin-description = Gestiona la cola de ampliaciones
command-upscale-admin-queue = cola
command-upscale-admin-queue-description = La cola, en el orden en que se ejecutarán las tareas
command-upscale-admin-settings = ajustes
command-upscale-admin-settings-description = Precios, asignación y canales de este servidor
command-upscale-admin-failures = fallos
command-upscale-admin-failures-description = Ampliaciones fallidas y canceladas recientes
