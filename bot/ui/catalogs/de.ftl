## upscale-bot, Deutsch (German). Begriffe: Credits, Hochskalieren/Hochskalierung, Version, Warteschlange, Server, Mitglied, Admin, Modell, Auftrag.

## Durations
duration-seconds = { $count } s
duration-minutes = { $count } min
duration-hours = { $count } h

## Progress on the image's message (the server's language)
progress-line = Hochskalierung für { $member }: { $progress }
progress-running = { $percent } % { $bar }
progress-queued = in der Warteschlange
progress-queued-eta = in der Warteschlange, ca. { $duration }
progress-queued-no-worker = in der Warteschlange, wartet auf einen Worker mit dem Modell { $model }
progress-queued-at = Platz { $position } in der Warteschlange
progress-queued-at-eta = Platz { $position } in der Warteschlange, ca. { $duration }
progress-queued-at-no-worker = Platz { $position } in der Warteschlange, wartet auf einen Worker mit dem Modell { $model }
progress-cancelled = Hochskalierung abgebrochen.

## What a generative version was made with
mode-fast = Schnell
mode-creative = Kreativ
mode-detail = Detail
preset-subtle = Dezent
preset-balanced = Ausgewogen
preset-creative = Kreativ
dial-strength = Stärke { $strength }
dial-preset = Voreinstellung { $preset }
made-with = { $mode } · { $dial }
made-with-seed = { $mode } · { $dial } · Seed { $seed }

## The result on the image's message (the server's language) and the receipt (the member's)
delivered = Hochskaliert x{ $scale } · { $input } → { $output } · { $price } { $price ->
        [one] Credit
       *[other] Credits
    }
delivered-made = Hochskaliert x{ $scale } · { $input } → { $output } · { $price } { $price ->
        [one] Credit
       *[other] Credits
    } · { $made }
receipt = Fertig: x{ $scale } auf { $size } hochskaliert für { $price } { $price ->
        [one] Credit
       *[other] Credits
    }. Guthaben: { $balance } { $balance ->
        [one] Credit
       *[other] Credits
    }.
receipt-made = Fertig: x{ $scale } auf { $size } hochskaliert ({ $made }) für { $price } { $price ->
        [one] Credit
       *[other] Credits
    }. Guthaben: { $balance } { $balance ->
        [one] Credit
       *[other] Credits
    }.

## Errors (one sentence each)
error-not-admin = Das dürfen nur Server-Admins.
error-servers-only = Das funktioniert nur auf Servern.
error-guild-not-allowed = Dieser Bot ist auf diesem Server nicht freigeschaltet.
error-no-such-job = Auf diesem Server gibt es keinen Auftrag #{ $job }.
error-not-your-image = Nur Mitglieder, die dieses Bild hochskaliert haben, und Admins können ändern, welche Version es zeigt.
error-model-not-offered = Das Modell { $model } ist auf diesem Bot nicht installiert; wähle eines aus der Liste.
error-model-not-installed = Das Modell { $model } ist auf diesem Bot nicht installiert.
error-insufficient-credits = Du brauchst { $needed } { $needed ->
        [one] Credit
       *[other] Credits
    }, hast aber nur { $available } verfügbar.
error-image-busy = Dieses Bild wird bereits hochskaliert; es wird aktualisiert, sobald es fertig ist.
error-queue-limit = Du hast schon { $limit } { $limit ->
        [one] Hochskalierung
       *[other] Hochskalierungen
    } in der Warteschlange; versuch es wieder, sobald eine fertig ist.
error-queue-full = Die Warteschlange ist voll; versuch es in ein paar Minuten noch einmal. Dir wurde nichts berechnet.
error-image-too-large = Das Bild hat { $size } ({ $pixels } Pixel); erlaubt sind höchstens { $limit } Pixel. Versuch es mit einem kleineren Bild.
error-file-too-large = Die Datei ist { $size } groß; erlaubt sind höchstens { $limit }.
size-kib = { $count } KiB
size-mib = { $count } MiB
error-upscaler-failed = Der Upscaler ist an diesem Bild gescheitert.
error-upscaler-stopped = Der Upscaler wurde unerwartet beendet.
error-internal = Bei uns ist etwas schiefgelaufen (Fehler-ID { $error_id }).
failure-crashed = Der Upscaler ist bei diesem Bild wiederholt abgestürzt, daher wurde der Auftrag beendet.
failure-timeout = Die Hochskalierung dauerte länger als { $limit } s und wurde abgebrochen.
failure-cancelled = Die Hochskalierung wurde abgebrochen.
failure-message-gone = Die Nachricht wurde gelöscht, bevor die Hochskalierung fertig war; das Ergebnis ist unter /verlauf gespeichert.
failure-undeliverable = Die Hochskalierung ist fertig, konnte aber nicht an die Nachricht angehängt werden; das Ergebnis ist unter /verlauf gespeichert.
failure-refunded = Deine { $credits } { $credits ->
        [one] Credit
       *[other] Credits
    } wurden erstattet.

## The confirmation (the member's language)
kind-fast = Hochskalierung
kind-creative = Kreative Hochskalierung
kind-detail = Detail-Hochskalierung
confirm-title = **{ $kind } x{ $scale }** · ca. { $duration }
confirm-not-enough = Nicht genug Credits: { $available } von { $price }.
confirm-top-up = Mehr Credits bekommst du hier: { $url }
confirm-buy-pack = Kauf unten ein Paket; die Credits landen in deinem Guthaben auf diesem Server.
confirm-ask-admin = Frag einen Admin nach mehr Credits.
confirm-price = Preis: { $price } { $price ->
        [one] Credit
       *[other] Credits
    } · Guthaben { $available } → { $after }
option-fast = x{ $scale } · { $price } { $price ->
        [one] Credit
       *[other] Credits
    }
option-generative = { $mode } x{ $scale } · { $price } { $price ->
        [one] Credit
       *[other] Credits
    }
select-factor = Vergrößerungsfaktor
select-preset = Voreinstellung
button-confirm = Bestätigen
button-cancel = Abbrechen
button-prompt-seed = Prompt & Seed …
confirm-cancelled = Abgebrochen. Dir wurde nichts berechnet.
confirm-gone = Dieses Bild ist nicht mehr in der Nachricht.
confirm-expired = Diese Bestätigung ist abgelaufen; klick noch einmal auf Hochskalieren.
confirm-again = Läuft bereits: Diese Hochskalierung wurde einmal bestätigt und wird einmal berechnet.
confirm-queued = In der Warteschlange: Platz { $position }, ca. { $duration }. { $price } { $price ->
        [one] Credit
       *[other] Credits
    } reserviert; verfügbar: { $available }.
confirm-starting = In der Warteschlange: startet gleich. { $price } { $price ->
        [one] Credit
       *[other] Credits
    } reserviert; verfügbar: { $available }.
button-cancel-upscale = Diese Hochskalierung abbrechen
button-cancel-job = #{ $job } abbrechen
job-already-finished = Auftrag #{ $job } ist bereits abgeschlossen.
job-cancelled = Auftrag #{ $job } abgebrochen, Credits erstattet.

## Creative and detail upscales
engine-creative = Kreativ (SD-x4-Upscaler)
engine-detail = Detail (Real-ESRGAN + SD-Checkpoint)
preset-subtle-hint = bleibt nah am Bild, schärft, was schon da ist
preset-balanced-hint = ergänzt glaubwürdige Details
preset-creative-hint = erfindet neue Details; kann Kleinigkeiten verändern
run-seed = { $engine } · { $dial } · Seed { $seed }
run-new-seed = { $engine } · { $dial } · neuer Seed
run-prompt = Prompt: „{ $prompt }“
run-prompt-yours = Prompt (deiner): „{ $prompt }“
run-prompt-message = Prompt (aus der Nachricht): „{ $prompt }“
run-prompt-again = Prompt (wie zuvor): „{ $prompt }“
run-prompt-image = Prompt (aus dem Bild): „{ $prompt }“
run-prompt-image-tool = Prompt (aus den { $tool }-Metadaten des Bildes): „{ $prompt }“
run-no-prompt = Im Bild wurde kein Prompt gefunden: füge einen über **Prompt & Seed …** hinzu
run-negative = Negativ: „{ $prompt }“
form-title = Prompt & Seed
form-prompt = Prompt
form-prompt-hint = was das Bild zeigt; leer: kein Prompt
form-negative = Negativer Prompt
form-negative-hint = was nicht vorkommen soll
form-seed = Seed
form-seed-hint = leer: ein neuer Seed
form-strength = Stärke 1–9 (1 dezent, 9 kreativ)
form-strength-hint = leer: laut Voreinstellung
form-refused = { $problem } Es wurde nichts geändert.
bad-prompt-length = Der Prompt ist länger als { $limit } Zeichen.
bad-negative-length = Der negative Prompt ist länger als { $limit } Zeichen.
bad-seed = Der Seed muss eine ganze Zahl von 0 bis { $max } sein (leer für einen neuen); „{ $value }“ ist das nicht.
bad-strength = Die Stärke muss eine ganze Zahl von 1 bis 9 sein (leer für die Voreinstellung); „{ $value }“ ist das nicht.
button-again-same = Noch mal (gleicher Seed)
button-again-new = Noch mal (neuer Seed)
again-not-generative = Das angezeigte Bild ist keine kreative oder Detail-Hochskalierung; nutze Hochskalieren.

## The image's buttons and posts (the server's language)
button-upscale = Hochskalieren
button-upscale-again = Erneut hochskalieren
button-original = Original
button-history = Verlauf
button-numbered = { $label } { $number }
upscale-not-image = Diese Datei ist kein Bild.
upscale-no-images = Diese Nachricht enthält keine Bilder.
upscale-posted = Bild von { $member }
upscale-reply = Bilder von { $member }, bereit zum Hochskalieren

## An image's versions
versions-no-earlier = Es gibt keine frühere Version.
versions-original = Original · { $size }
versions-none = Noch keine Versionen gespeichert.
versions-older = … und { $count } ältere
version-original = v{ $version } Original · { $size }
version-restored = v{ $version } v{ $from } wieder angezeigt · { $size }
version-upscale = v{ $version } Hochskalierung { $number } · { $size }
version-open = [öffnen]({ $url })
version-shown-now = **wird gerade angezeigt**
version-option = v{ $version } · { $size }
version-option-original = das Original
select-use-version = Diese Version verwenden
version-shown-again = Version { $version } wieder angezeigt von { $member } · { $size } · { $when }
version-restored-reply = Das Bild zeigt wieder Version { $version } (gespeichert als v{ $recorded }).

## /credits
credits-header = **Guthaben { $balance }** · reserviert { $held } · verfügbar { $available }
ledger-starting = Startguthaben
ledger-grant = gutgeschrieben
ledger-revoke = entzogen
ledger-hold = reserviert
ledger-capture = ausgegeben
ledger-release = erstattet
ledger-allowance = Zuteilung
ledger-purchase = gekauft
ledger-refund = Kauf erstattet
ledger-line = { $when } { $kind } { $amount }
ledger-line-reason = { $when } { $kind } { $amount } · { $reason }
place-line = Du hast { $count } Käufe über insgesamt { $credits } { $credits ->
        [one] Credit
       *[other] Credits
    }, die noch keinem Server zugeordnet sind: Füge jeden mit seinem Button dem Guthaben auf diesem Server hinzu (nur einmal möglich; Credits bleiben auf einem Server).
place-line-one = Du hast einen Kauf über { $credits } { $credits ->
        [one] Credit
       *[other] Credits
    }, der noch keinem Server zugeordnet ist: Füge ihn mit seinem Button dem Guthaben auf diesem Server hinzu (nur einmal möglich; Credits bleiben auf einem Server).
button-place = { $amount } { $amount ->
        [one] Credit
       *[other] Credits
    } hier hinzufügen
place-already-here = Diese { $amount } { $amount ->
        [one] Credit
       *[other] Credits
    } wurden bereits diesem Server hinzugefügt. Es hat sich nichts geändert.
place-already-elsewhere = Diese { $amount } { $amount ->
        [one] Credit
       *[other] Credits
    } wurden bereits einem anderen Server hinzugefügt. Es hat sich nichts geändert.
place-added = { $amount } { $amount ->
        [one] Credit
       *[other] Credits
    } wurden deinem Guthaben auf diesem Server hinzugefügt. Guthaben: { $balance }.

## /credits-admin (the admin's language) and its audit lines (the server's)
granted = { $member } wurden { $amount } { $amount ->
        [one] Credit
       *[other] Credits
    } gutgeschrieben ({ $reason }). Guthaben: { $balance }.
revoked = { $member } wurden { $amount } { $amount ->
        [one] Credit
       *[other] Credits
    } entzogen ({ $reason }). Guthaben: { $balance }.
granted-before = Bereits erledigt am { $when }: { $member } wurden { $amount } { $amount ->
        [one] Credit
       *[other] Credits
    } gutgeschrieben. Nichts geändert; Guthaben { $balance }.
revoked-before = Bereits erledigt am { $when }: { $member } wurden { $amount } { $amount ->
        [one] Credit
       *[other] Credits
    } entzogen. Nichts geändert; Guthaben { $balance }.
audit-granted = { $actor } hat { $member } { $amount } { $amount ->
        [one] Credit
       *[other] Credits
    } gutgeschrieben: { $reason }
audit-revoked = { $actor } hat { $member } { $amount } { $amount ->
        [one] Credit
       *[other] Credits
    } entzogen: { $reason }
audit-none = Noch keine Gutschriften, Entzüge oder Käufe.
audit-header = **Gutschriften, Entzüge und Käufe** ({ $total } insgesamt, Seite { $page }/{ $pages })
audit-header-member = **Gutschriften, Entzüge und Käufe für { $member }** ({ $total } insgesamt, Seite { $page }/{ $pages })
audit-change = { $when } { $actor } { $amount } → { $member } · { $reason }
purchase-marks = SKU { $sku } · Berechtigung { $entitlement }
purchase-marks-test = SKU { $sku } · Berechtigung { $entitlement } · Test
audit-purchase = { $member } hat { $amount } { $amount ->
        [one] Credit
       *[other] Credits
    } gekauft ({ $marks })
audit-refund = Discord hat { $member } den Kauf von { $amount } { $amount ->
        [one] Credit
       *[other] Credits
    } erstattet: { $taken } zurückgebucht ({ $marks })
audit-refund-owed = Discord hat { $member } den Kauf von { $amount } { $amount ->
        [one] Credit
       *[other] Credits
    } erstattet: { $taken } zurückgebucht; { $owed } bereits ausgegeben und offen ({ $marks })

## /history
history-empty = Du hast noch nichts hochskaliert.
history-header = **Deine Hochskalierungen** (Seite { $page }/{ $pages }, { $total } insgesamt)
history-line = { $when } · { $sizes } · { $price } { $price ->
        [one] Credit
       *[other] Credits
    } · { $link }
history-line-made = { $when } · { $sizes } · { $made } · { $price } { $price ->
        [one] Credit
       *[other] Credits
    } · { $link }

## /upscale-admin queue and failures
page-footer = Seite { $page }/{ $pages }
queue-running = Läuft: { $jobs }
queue-running-more = Läuft: { $jobs } und { $more } weitere
queue-running-none = Läuft: nichts
queue-empty = Nichts wartet.
queue-line = { $position }. Auftrag #{ $job } für { $member } · { $model } · ca. { $duration }
failures-none = Keine fehlgeschlagenen oder abgebrochenen Hochskalierungen auf diesem Server.
failures-header = **Fehlgeschlagene und abgebrochene Hochskalierungen** (Seite { $page }/{ $pages }, { $total } insgesamt)
failures-refunded = { $price } erstattet
failures-not-charged = nicht berechnet
failures-error-id = Fehler-ID { $error_id }
state-failed = fehlgeschlagen
state-cancelled = abgebrochen

## /upscale-admin settings
settings-title = **Einstellungen für diesen Server**
settings-line = { $label }: { $value }
settings-line-default = { $label }: { $value } · Standard
settings-hint = -# Leere Felder und leere Auswahlen setzen auf den Standard zurück.
settings-saved = Gespeichert: { $changes }.
settings-unchanged = Nichts geändert.
settings-needs-intent = -# Automatische Buttons lesen Bilder anderer Bots, dafür ist der Message Content Intent nötig: Der Betreiber des Bots aktiviert ihn im Developer Portal und setzt UPSCALE_DISCORD__MESSAGE_CONTENT=true.
setting-upscale_price = Preis für Hochskalierung
setting-creative_price = Preis für kreative Hochskalierung
setting-detail_price = Preis für Detail-Hochskalierung
setting-starting_balance = Startguthaben
setting-allowance_amount = Zuteilungsmenge
setting-allowance_every_hours = Zuteilungszeitraum
setting-allowance_cap = Zuteilungsobergrenze
setting-auto_button_channels = Automatische Buttons in
setting-admin_role_id = Admin-Rolle
setting-audit_channel_id = Protokollkanal
setting-top_up_url = Link zum Aufladen
setting-language = Sprache
setting-allowance = Zuteilung
value-credits = { $amount } { $amount ->
        [one] Credit
       *[other] Credits
    }
value-every-hours = alle { $hours } h
value-none = keine
value-role-none = keine (nur „Server verwalten“)
value-language-discord = die Discord-Sprache des Servers
value-allowance = { $amount } { $amount ->
        [one] Credit
       *[other] Credits
    } alle { $hours } h, bis höchstens { $cap }
value-allowance-off = aus
audit-setting = { $actor } hat { $setting } auf { $value } gesetzt (vorher { $before }).
audit-setting-default = { $actor } hat { $setting } auf { $value } gesetzt, den Standard (vorher { $before }).
select-auto-channels = Kanäle mit automatischen Hochskalieren-Buttons
select-admin-role = Admin-Rolle (zusätzlich zu „Server verwalten“)
select-audit-channel = Protokollkanal
select-language = Sprache für öffentliche und Protokollzeilen
option-language-discord = Die Discord-Sprache des Servers
button-edit-credits = Preise und Guthaben …
button-edit-allowance = Zuteilung …
form-credits-title = Preise und Guthaben
form-allowance-title = Zuteilung
field-upscale_price = Preis für Hochskalierung (Credits)
field-creative_price = Preis für kreative Hochskalierung (Credits)
field-detail_price = Preis für Detail-Hochskalierung (Credits)
field-starting_balance = Startguthaben neuer Mitglieder
field-top_up_url = Aufladelink für Mitglieder ohne Credits
field-allowance_amount = Gratis-Credits pro Zeitraum (0 = aus)
field-allowance_every_hours = Zeitraum in Stunden
field-allowance_cap = Nie über diesem Guthaben
field-default = Standard: { $value }

## Commands. Names: lower case, no spaces, 1-32 letters, digits, - or _ (Discord's rules);
## the context menu's name may have spaces and capitals.
command-upscale = hochskalieren
command-upscale-description = Ein Bild mit Hochskalieren-Button posten und hochskalieren
command-upscale-image = bild
command-upscale-image-description = das Bild, das hochskaliert werden soll
command-upscale-model = modell
command-upscale-model-description = welches Modell (Standard: das des Servers)
command-upscale-image-menu = Bild hochskalieren
command-credits = credits
command-credits-description = Deine Credits: Guthaben, Reservierungen und letzte Änderungen
command-history = verlauf
command-history-description = Deine Hochskalierungen, neueste zuerst
command-history-page = seite
command-history-page-description = Seitennummer
command-credits-admin = credits-admin
command-credits-admin-description = Credits gutschreiben, entziehen und das Protokoll ansehen
command-credits-admin-grant = gutschreiben
command-credits-admin-grant-description = Einem Mitglied Credits gutschreiben
command-credits-admin-revoke = entziehen
command-credits-admin-revoke-description = Einem Mitglied Credits entziehen
command-credits-admin-audit = protokoll
command-credits-admin-audit-description = Gutschriften und Entzüge, mit Urheber und Grund
command-credits-admin-member = mitglied
command-credits-admin-member-description = wer
command-credits-admin-amount = anzahl
command-credits-admin-amount-description = wie viele
command-credits-admin-reason = grund
command-credits-admin-reason-description = warum (steht im Protokoll)
command-credits-admin-audit-member-description = nur dieses Mitglied
command-upscale-admin = hochskalieren-admin
command-upscale-admin-description = Die Hochskalierungs-Warteschlange verwalten
command-upscale-admin-queue = warteschlange
command-upscale-admin-queue-description = Die Warteschlange, in der Reihenfolge der Ausführung
command-upscale-admin-settings = einstellungen
command-upscale-admin-settings-description = Preise, Zuteilung und Kanäle dieses Servers
command-upscale-admin-failures = fehlschläge
command-upscale-admin-failures-description = Zuletzt fehlgeschlagene und abgebrochene Hochskalierungen
