## upscale-bot, polski (Polish). Terminy: kredyty, powiększanie/powiększenie (upscale), wersja, kolejka, serwer, członek, admin, model, zadanie (job).

## Durations
duration-seconds = { $count } s
duration-minutes = { $count } min
duration-hours = { $count } godz.

## Progress on the image's message (the server's language)
progress-line = Powiększanie dla { $member }: { $progress }
progress-running = { $percent }% { $bar }
progress-queued = w kolejce
progress-queued-eta = w kolejce, około { $duration }
progress-queued-no-worker = w kolejce, czeka na workera z modelem { $model }
progress-queued-at = miejsce { $position } w kolejce
progress-queued-at-eta = miejsce { $position } w kolejce, około { $duration }
progress-queued-at-no-worker = miejsce { $position } w kolejce, czeka na workera z modelem { $model }
progress-cancelled = Powiększanie anulowane.

## What a generative version was made with
mode-fast = Szybkie
mode-creative = Kreatywne
mode-detail = Szczegółowe
preset-subtle = Subtelny
preset-balanced = Zrównoważony
preset-creative = Kreatywny
dial-strength = siła { $strength }
dial-preset = preset { $preset }
made-with = { $mode } · { $dial }
made-with-seed = { $mode } · { $dial } · seed { $seed }

## The result on the image's message (the server's language) and the receipt (the member's)
delivered = Powiększono x{ $scale } · { $input } → { $output } · { $price } { $price ->
        [one] kredyt
        [few] kredyty
        [many] kredytów
       *[other] kredytu
    }
delivered-made = Powiększono x{ $scale } · { $input } → { $output } · { $price } { $price ->
        [one] kredyt
        [few] kredyty
        [many] kredytów
       *[other] kredytu
    } · { $made }
receipt = Gotowe: powiększono x{ $scale } do { $size } za { $price } { $price ->
        [one] kredyt
        [few] kredyty
        [many] kredytów
       *[other] kredytu
    }. Saldo: { $balance } { $balance ->
        [one] kredyt
        [few] kredyty
        [many] kredytów
       *[other] kredytu
    }.
receipt-made = Gotowe: powiększono x{ $scale } do { $size } ({ $made }) za { $price } { $price ->
        [one] kredyt
        [few] kredyty
        [many] kredytów
       *[other] kredytu
    }. Saldo: { $balance } { $balance ->
        [one] kredyt
        [few] kredyty
        [many] kredytów
       *[other] kredytu
    }.

## Errors (one sentence each)
error-not-admin = Tylko admini serwera mogą to zrobić.
error-servers-only = To działa tylko na serwerach.
error-guild-not-allowed = Ten bot nie jest włączony na tym serwerze.
error-no-such-job = Na tym serwerze nie ma zadania #{ $job }.
error-not-your-image = Tylko członkowie, którzy powiększali ten obraz, oraz admini mogą zmienić wyświetlaną wersję.
error-model-not-offered = Model { $model } nie jest zainstalowany w tym bocie; wybierz model z listy.
error-model-not-installed = Model { $model } nie jest zainstalowany w tym bocie.
error-insufficient-credits = Potrzebujesz { $needed } { $needed ->
        [one] kredytu
        [few] kredytów
        [many] kredytów
       *[other] kredytu
    }, a masz dostępne tylko { $available }.
error-image-busy = Ten obraz jest już powiększany; zaktualizuje się po zakończeniu.
error-queue-limit = Masz już { $limit } { $limit ->
        [one] oczekujące powiększenie
        [few] oczekujące powiększenia
        [many] oczekujących powiększeń
       *[other] oczekującego powiększenia
    }; spróbuj ponownie, gdy któreś się zakończy.
error-queue-full = Kolejka jest pełna; spróbuj ponownie za kilka minut. Nie pobrano żadnych kredytów.
error-image-too-large = Obraz ma { $size } ({ $pixels } { $pixels ->
        [one] piksel
        [few] piksele
        [many] pikseli
       *[other] piksela
    }); limit to { $limit } { $limit ->
        [one] piksel
        [few] piksele
        [many] pikseli
       *[other] piksela
    }. Spróbuj z mniejszym obrazem.
error-file-too-large = Plik ma { $size }, czyli więcej niż limit { $limit }.
size-kib = { $count } KiB
size-mib = { $count } MiB
error-upscaler-failed = Powiększanie tego obrazu się nie powiodło.
error-upscaler-stopped = Silnik powiększania nieoczekiwanie się zatrzymał.
error-internal = Coś poszło nie tak po naszej stronie (identyfikator błędu { $error_id }).
failure-crashed = Silnik powiększania kilkakrotnie zatrzymał się na tym obrazie, więc zadanie przerwano.
failure-timeout = Powiększanie trwało dłużej niż { $limit } s i zostało przerwane.
failure-cancelled = Powiększanie zostało anulowane.
failure-message-gone = Wiadomość została usunięta, zanim powiększanie się zakończyło; wynik zapisano w /historia.
failure-undeliverable = Powiększanie się zakończyło, ale nie udało się dodać wyniku do wiadomości; wynik zapisano w /historia.
failure-refunded = Zwrócono Ci { $credits } { $credits ->
        [one] kredyt
        [few] kredyty
        [many] kredytów
       *[other] kredytu
    }.

## The confirmation (the member's language)
kind-fast = Powiększenie
kind-creative = Kreatywne powiększenie
kind-detail = Szczegółowe powiększenie
confirm-title = **{ $kind } x{ $scale }** · około { $duration }
confirm-not-enough = Za mało kredytów: { $available } z { $price }.
confirm-top-up = Zdobądź więcej kredytów: { $url }
confirm-buy-pack = Kup pakiet poniżej; kredyty trafią do Twojego portfela na tym serwerze.
confirm-ask-admin = Poproś admina o więcej kredytów.
confirm-price = Cena: { $price } { $price ->
        [one] kredyt
        [few] kredyty
        [many] kredytów
       *[other] kredytu
    } · saldo { $available } → { $after }
option-fast = x{ $scale } · { $price } { $price ->
        [one] kredyt
        [few] kredyty
        [many] kredytów
       *[other] kredytu
    }
option-generative = { $mode } x{ $scale } · { $price } { $price ->
        [one] kredyt
        [few] kredyty
        [many] kredytów
       *[other] kredytu
    }
select-factor = Współczynnik powiększenia
select-preset = Preset
button-confirm = Potwierdź
button-cancel = Anuluj
button-prompt-seed = Prompt i seed…
confirm-cancelled = Anulowano. Nie pobrano żadnych kredytów.
confirm-gone = Tego obrazu nie ma już w wiadomości.
confirm-expired = To potwierdzenie wygasło; kliknij ponownie Powiększ.
confirm-again = Już w toku: to powiększenie zostało potwierdzone raz i jest rozliczane raz.
confirm-queued = W kolejce: miejsce { $position }, około { $duration }. Zarezerwowano { $price } { $price ->
        [one] kredyt
        [few] kredyty
        [many] kredytów
       *[other] kredytu
    }; dostępne: { $available }.
confirm-starting = W kolejce: zaraz startuje. Zarezerwowano { $price } { $price ->
        [one] kredyt
        [few] kredyty
        [many] kredytów
       *[other] kredytu
    }; dostępne: { $available }.
button-cancel-upscale = Anuluj to powiększenie
button-cancel-job = Anuluj #{ $job }
job-already-finished = Zadanie #{ $job } już się zakończyło.
job-cancelled = Zadanie #{ $job } anulowano, a kredyty zwrócono.

## Creative and detail upscales
engine-creative = Kreatywne (SD x4 upscaler)
engine-detail = Szczegółowe (Real-ESRGAN + checkpoint SD)
preset-subtle-hint = pozostaje blisko obrazu, wyostrza to, co już jest
preset-balanced-hint = dodaje wiarygodne szczegóły
preset-creative-hint = wymyśla nowe szczegóły; może zmienić drobne elementy
run-seed = { $engine } · { $dial } · seed { $seed }
run-new-seed = { $engine } · { $dial } · nowy seed
run-prompt = Prompt: „{ $prompt }”
run-prompt-yours = Prompt (Twój): „{ $prompt }”
run-prompt-message = Prompt (z wiadomości): „{ $prompt }”
run-prompt-again = Prompt (jak poprzednio): „{ $prompt }”
run-prompt-image = Prompt (z obrazu): „{ $prompt }”
run-prompt-image-tool = Prompt (z metadanych { $tool } obrazu): „{ $prompt }”
run-no-prompt = Nie znaleziono promptu w obrazie: dodaj go przez **Prompt i seed…**
run-negative = Negatywny: „{ $prompt }”
form-title = Prompt i seed
form-prompt = Prompt
form-prompt-hint = co przedstawia obraz; puste: bez promptu
form-negative = Prompt negatywny
form-negative-hint = czego ma nie być
form-seed = Seed
form-seed-hint = puste: nowy seed
form-strength = Siła 1–9 (1 subtelnie, 9 kreatywnie)
form-strength-hint = puste: według presetu
form-refused = { $problem } Niczego nie zmieniono.
bad-prompt-length = Prompt jest dłuższy niż { $limit } { $limit ->
        [one] znak
        [few] znaki
        [many] znaków
       *[other] znaku
    }.
bad-negative-length = Prompt negatywny jest dłuższy niż { $limit } { $limit ->
        [one] znak
        [few] znaki
        [many] znaków
       *[other] znaku
    }.
bad-seed = Seed musi być liczbą całkowitą od 0 do { $max } lub pusty, aby użyć nowego; „{ $value }” nią nie jest.
bad-strength = Siła musi być liczbą całkowitą od 1 do 9 lub pusta, aby użyć presetu; „{ $value }” nią nie jest.
button-again-same = Jeszcze raz (ten sam seed)
button-again-new = Jeszcze raz (nowy seed)
again-not-generative = Wyświetlany obraz nie jest powiększeniem kreatywnym ani szczegółowym; użyj Powiększ.

## The image's buttons and posts (the server's language)
button-upscale = Powiększ
button-upscale-again = Powiększ ponownie
button-original = Oryginał
button-history = Historia
button-numbered = { $label } { $number }
upscale-not-image = Ten plik nie jest obrazem.
upscale-no-images = Ta wiadomość nie zawiera obrazów.
upscale-posted = Obraz od { $member }
upscale-reply = Obrazy od { $member }, gotowe do powiększenia

## An image's versions
versions-no-earlier = Nie ma wcześniejszej wersji.
versions-original = Oryginał · { $size }
versions-none = Nie zapisano jeszcze żadnych wersji.
versions-older = … i { $count } { $count ->
        [one] starsza
        [few] starsze
        [many] starszych
       *[other] starszej
    }
version-original = v{ $version } oryginał · { $size }
version-restored = v{ $version } v{ $from } wyświetlona ponownie · { $size }
version-upscale = v{ $version } powiększenie { $number } · { $size }
version-open = [otwórz]({ $url })
version-shown-now = **wyświetlana teraz**
version-option = v{ $version } · { $size }
version-option-original = oryginał
select-use-version = Użyj tej wersji
version-shown-again = Wersja { $version } ponownie wyświetlona przez { $member } · { $size } · { $when }
version-restored-reply = Obraz znów wyświetla wersję { $version } (zapisaną jako v{ $recorded }).

## /credits
credits-header = **Saldo { $balance }** · zarezerwowane { $held } · dostępne { $available }
ledger-starting = saldo początkowe
ledger-grant = przyznane
ledger-revoke = odebrane
ledger-hold = zarezerwowane
ledger-capture = wydane
ledger-release = zwrócone
ledger-allowance = przydział
ledger-purchase = kupione
ledger-refund = zwrot zakupu
ledger-line = { $when } { $kind } { $amount }
ledger-line-reason = { $when } { $kind } { $amount } · { $reason }
place-line = Masz { $count } { $count ->
        [one] zakup
        [few] zakupy
        [many] zakupów
       *[other] zakupu
    } na łącznie { $credits } { $credits ->
        [one] kredyt
        [few] kredyty
        [many] kredytów
       *[other] kredytu
    }, które nie są jeszcze na żadnym serwerze: dodaj każdy do portfela na tym serwerze jego przyciskiem (tylko raz; kredyty zostają na jednym serwerze).
place-line-one = Masz zakup na { $credits } { $credits ->
        [one] kredyt
        [few] kredyty
        [many] kredytów
       *[other] kredytu
    }, który nie jest jeszcze na żadnym serwerze: dodaj go do portfela na tym serwerze jego przyciskiem (tylko raz; kredyty zostają na jednym serwerze).
button-place = Dodaj tutaj { $amount } { $amount ->
        [one] kredyt
        [few] kredyty
        [many] kredytów
       *[other] kredytu
    }
place-already-here = Te kredyty ({ $amount }) zostały już dodane do tego serwera. Nic się nie zmieniło.
place-already-elsewhere = Te kredyty ({ $amount }) zostały już dodane do innego serwera. Nic się nie zmieniło.
place-added = Dodano { $amount } { $amount ->
        [one] kredyt
        [few] kredyty
        [many] kredytów
       *[other] kredytu
    } do Twojego portfela na tym serwerze. Saldo: { $balance }.

## /credits-admin (the admin's language) and its audit lines (the server's)
granted = Przyznano { $member } { $amount } { $amount ->
        [one] kredyt
        [few] kredyty
        [many] kredytów
       *[other] kredytu
    } ({ $reason }). Saldo: { $balance }.
revoked = Odebrano { $member } { $amount } { $amount ->
        [one] kredyt
        [few] kredyty
        [many] kredytów
       *[other] kredytu
    } ({ $reason }). Saldo: { $balance }.
granted-before = Już wykonano { $when }: przyznano { $member } { $amount } { $amount ->
        [one] kredyt
        [few] kredyty
        [many] kredytów
       *[other] kredytu
    }. Nic się nie zmieniło; saldo { $balance }.
revoked-before = Już wykonano { $when }: odebrano { $member } { $amount } { $amount ->
        [one] kredyt
        [few] kredyty
        [many] kredytów
       *[other] kredytu
    }. Nic się nie zmieniło; saldo { $balance }.
audit-granted = { $actor } przyznaje { $member } { $amount } { $amount ->
        [one] kredyt
        [few] kredyty
        [many] kredytów
       *[other] kredytu
    }: { $reason }
audit-revoked = { $actor } odbiera { $member } { $amount } { $amount ->
        [one] kredyt
        [few] kredyty
        [many] kredytów
       *[other] kredytu
    }: { $reason }
audit-none = Nie ma jeszcze przyznań, odebrań ani zakupów.
audit-header = **Przyznania, odebrania i zakupy** (łącznie { $total }, strona { $page }/{ $pages })
audit-header-member = **Przyznania, odebrania i zakupy: { $member }** (łącznie { $total }, strona { $page }/{ $pages })
audit-change = { $when } { $actor } { $amount } → { $member } · { $reason }
purchase-marks = SKU { $sku } · uprawnienie { $entitlement }
purchase-marks-test = SKU { $sku } · uprawnienie { $entitlement } · test
audit-purchase = { $member } kupuje { $amount } { $amount ->
        [one] kredyt
        [few] kredyty
        [many] kredytów
       *[other] kredytu
    } ({ $marks })
audit-refund = Discord zwrócił { $member } zakup { $amount } { $amount ->
        [one] kredytu
        [few] kredytów
        [many] kredytów
       *[other] kredytu
    }: odebrano { $taken } ({ $marks })
audit-refund-owed = Discord zwrócił { $member } zakup { $amount } { $amount ->
        [one] kredytu
        [few] kredytów
        [many] kredytów
       *[other] kredytu
    }: odebrano { $taken }; { $owed } już wydano, do oddania ({ $marks })

## /history
history-empty = Nie masz jeszcze żadnych powiększeń.
history-header = **Twoje powiększenia** (strona { $page }/{ $pages }, łącznie { $total })
history-line = { $when } · { $sizes } · { $price } { $price ->
        [one] kredyt
        [few] kredyty
        [many] kredytów
       *[other] kredytu
    } · { $link }
history-line-made = { $when } · { $sizes } · { $made } · { $price } { $price ->
        [one] kredyt
        [few] kredyty
        [many] kredytów
       *[other] kredytu
    } · { $link }

## /upscale-admin queue and failures
page-footer = strona { $page }/{ $pages }
queue-running = W toku: { $jobs }
queue-running-more = W toku: { $jobs } i jeszcze { $more }
queue-running-none = W toku: nic
queue-empty = Nic nie czeka.
queue-line = { $position }. zadanie #{ $job } dla { $member } · { $model } · około { $duration }
failures-none = Brak nieudanych lub anulowanych powiększeń na tym serwerze.
failures-header = **Nieudane i anulowane powiększenia** (strona { $page }/{ $pages }, łącznie { $total })
failures-refunded = zwrócono { $price }
failures-not-charged = bez opłaty
failures-error-id = identyfikator błędu { $error_id }
state-failed = nieudane
state-cancelled = anulowane

## /upscale-admin settings
settings-title = **Ustawienia tego serwera**
settings-line = { $label }: { $value }
settings-line-default = { $label }: { $value } · domyślnie
settings-hint = -# Puste pola i puste wybory przywracają wartość domyślną.
settings-saved = Zapisano: { $changes }.
settings-unchanged = Nic się nie zmieniło.
settings-needs-intent = -# Automatyczne przyciski odczytują obrazy innych botów, co wymaga intentu Message Content: właściciel bota włącza go w Developer Portal i ustawia UPSCALE_DISCORD__MESSAGE_CONTENT=true.
setting-upscale_price = Cena powiększenia
setting-creative_price = Cena kreatywnego powiększenia
setting-detail_price = Cena szczegółowego powiększenia
setting-starting_balance = Saldo początkowe
setting-allowance_amount = Wielkość przydziału
setting-allowance_every_hours = Okres przydziału
setting-allowance_cap = Limit przydziału
setting-auto_button_channels = Automatyczne przyciski w
setting-admin_role_id = Rola admina
setting-audit_channel_id = Kanał dziennika
setting-top_up_url = Link do doładowania
setting-language = Język
setting-allowance = Przydział
value-credits = { $amount } { $amount ->
        [one] kredyt
        [few] kredyty
        [many] kredytów
       *[other] kredytu
    }
value-every-hours = co { $hours } godz.
value-none = brak
value-role-none = brak (tylko Zarządzanie serwerem)
value-language-discord = język Discorda serwera
value-allowance = { $amount } { $amount ->
        [one] kredyt
        [few] kredyty
        [many] kredytów
       *[other] kredytu
    } co { $hours } godz., maksymalnie { $cap }
value-allowance-off = wyłączony
audit-setting = { $actor } ustawia { $setting } na { $value } (wcześniej { $before }).
audit-setting-default = { $actor } ustawia { $setting } na { $value }, wartość domyślną (wcześniej { $before }).
select-auto-channels = Kanały z automatycznymi przyciskami Powiększ
select-admin-role = Rola admina (oprócz Zarządzania serwerem)
select-audit-channel = Kanał dziennika
select-language = Język wiadomości publicznych i dziennika
option-language-discord = Język Discorda serwera
button-edit-credits = Ceny i saldo…
button-edit-allowance = Przydział…
form-credits-title = Ceny i saldo
form-allowance-title = Przydział
field-upscale_price = Cena powiększenia (kredyty)
field-creative_price = Cena kreatywnego powiększenia (kredyty)
field-detail_price = Cena szczegółowego powiększenia (kredyty)
field-starting_balance = Saldo początkowe nowych członków
field-top_up_url = Link do doładowania dla członków bez kredytów
field-allowance_amount = Darmowe kredyty na okres (0 wyłącza)
field-allowance_every_hours = Okres w godzinach
field-allowance_cap = Nigdy powyżej tego salda
field-default = domyślnie: { $value }

## Commands. Names: lower case, no spaces, 1-32 letters, digits, - or _ (Discord's rules);
## the context menu's name may have spaces and capitals.
command-upscale = powiększ
command-upscale-description = Opublikuj obraz z przyciskiem Powiększ i powiększ go
command-upscale-image = obraz
command-upscale-image-description = obraz do powiększenia
command-upscale-model = model
command-upscale-model-description = który model (domyślnie: model serwera)
command-upscale-image-menu = Powiększ obraz
command-credits = kredyty
command-credits-description = Twoje kredyty: saldo, rezerwacje i ostatnie zmiany
command-history = historia
command-history-description = Twoje powiększenia, od najnowszych
command-history-page = strona
command-history-page-description = numer strony
command-credits-admin = kredyty-admin
command-credits-admin-description = Przyznawaj, odbieraj i przeglądaj kredyty
command-credits-admin-grant = przyznaj
command-credits-admin-grant-description = Przyznaj członkowi kredyty
command-credits-admin-revoke = odbierz
command-credits-admin-revoke-description = Odbierz członkowi kredyty
command-credits-admin-audit = dziennik
command-credits-admin-audit-description = Przyznania i odebrania: kto i dlaczego
command-credits-admin-member = członek
command-credits-admin-member-description = kto
command-credits-admin-amount = liczba
command-credits-admin-amount-description = ile
command-credits-admin-reason = powód
command-credits-admin-reason-description = dlaczego (zostaje w dzienniku)
command-credits-admin-audit-member-description = tylko ten członek
command-upscale-admin = powiększ-admin
command-upscale-admin-description = Zarządzaj kolejką powiększeń
command-upscale-admin-queue = kolejka
command-upscale-admin-queue-description = Kolejka w kolejności wykonywania zadań
command-upscale-admin-settings = ustawienia
command-upscale-admin-settings-description = Ceny, przydział i kanały tego serwera
command-upscale-admin-failures = niepowodzenia
command-upscale-admin-failures-description = Ostatnie nieudane i anulowane powiększenia
