## upscale-bot, polski. Przetłumaczone z en.ftl; terminy: kredyty, powiększanie, wersja.

duration-seconds = { $count } s
duration-minutes = { $count } min
duration-hours = { $count } godz.

progress-line = Powiększanie dla { $member }: { $progress }
progress-running = { $percent }% { $bar }
progress-queued = w kolejce
progress-queued-eta = w kolejce, około { $duration }
progress-queued-no-worker = w kolejce, czeka na workera z modelem { $model }
progress-queued-at = nr { $position } w kolejce
progress-queued-at-eta = nr { $position } w kolejce, około { $duration }
progress-queued-at-no-worker = nr { $position } w kolejce, czeka na workera z modelem { $model }
progress-cancelled = Powiększanie anulowane.

mode-fast = Szybki
mode-creative = Kreatywny
mode-detail = Szczegóły
preset-subtle = Delikatny
preset-balanced = Zrównoważony
preset-creative = Kreatywny
dial-strength = siła { $strength }
dial-preset = ustawienie { $preset }
made-with = { $mode } · { $dial }
made-with-seed = { $mode } · { $dial } · seed { $seed }

delivered = Powiększono x{ $scale } · { $input } → { $output } · { $price } { $price ->
        [one] kredyt
        [few] kredyty
       *[other] kredytów
    }
delivered-made = Powiększono x{ $scale } · { $input } → { $output } · { $price } { $price ->
        [one] kredyt
        [few] kredyty
       *[other] kredytów
    } · { $made }
receipt = Gotowe: powiększono x{ $scale } do { $size } za { $price } { $price ->
        [one] kredyt
        [few] kredyty
       *[other] kredytów
    }. Saldo: { $balance } { $balance ->
        [one] kredyt
        [few] kredyty
       *[other] kredytów
    }.
receipt-made = Gotowe: powiększono x{ $scale } do { $size } ({ $made }) za { $price } { $price ->
        [one] kredyt
        [few] kredyty
       *[other] kredytów
    }. Saldo: { $balance } { $balance ->
        [one] kredyt
        [few] kredyty
       *[other] kredytów
    }.

error-not-admin = Tylko administratorzy serwera mogą to zrobić.
error-servers-only = To działa tylko na serwerach.
error-guild-not-allowed = Ten bot nie jest włączony na tym serwerze.
error-no-such-job = Na tym serwerze nie ma zadania nr { $job }.
error-not-your-image = Tylko osoby, które powiększały ten obraz, lub administratorzy mogą zmienić wyświetlaną wersję.
error-model-not-offered = Model { $model } nie jest zainstalowany w tym bocie; wybierz model z listy.
error-model-not-installed = Model { $model } nie jest zainstalowany w tym bocie.
error-insufficient-credits = Potrzebujesz kredytów: { $needed }, a dostępnych masz tylko { $available }.
error-image-busy = Ten obraz jest już powiększany; zaktualizuje się po zakończeniu.
error-queue-limit = Masz już oczekujące powiększenia: { $limit }; spróbuj ponownie, gdy któreś się skończy.
error-queue-full = Kolejka jest pełna; spróbuj za kilka minut. Nic nie zostało pobrane.
error-image-too-large = Obraz ma { $size } ({ $pixels } pikseli); limit to { $limit } pikseli. Spróbuj mniejszego obrazu.
error-file-too-large = Plik ma { $size }, więcej niż limit { $limit }.
size-kib = { $count } KiB
size-mib = { $count } MiB
error-upscaler-failed = Powiększanie tego obrazu nie powiodło się.
error-upscaler-stopped = Powiększanie nieoczekiwanie się zatrzymało.
error-internal = Coś poszło nie tak po naszej stronie (identyfikator błędu { $error_id }).
failure-crashed = Powiększanie tego obrazu kilka razy się przerwało i zadanie zostało zatrzymane.
failure-timeout = Powiększanie trwało dłużej niż { $limit } s i zostało zatrzymane.
failure-cancelled = Powiększanie zostało anulowane.
failure-message-gone = Wiadomość usunięto przed końcem powiększania; wynik jest zapisany w /history.
failure-undeliverable = Powiększanie się skończyło, ale nie udało się go pokazać w wiadomości; wynik jest zapisany w /history.
failure-refunded = Zwrócono: { $credits } { $credits ->
        [one] kredyt
        [few] kredyty
       *[other] kredytów
    }.

kind-fast = Powiększenie
kind-creative = Kreatywne powiększenie
kind-detail = Powiększenie ze szczegółami
confirm-title = **{ $kind } x{ $scale }** · około { $duration }
confirm-not-enough = Za mało kredytów: { $available } z { $price }.
confirm-top-up = Zdobądź więcej kredytów: { $url }
confirm-buy-pack = Kup pakiet poniżej; kredyty trafią do portfela na tym serwerze.
confirm-ask-admin = Poproś administratora o więcej kredytów.
confirm-price = Cena: { $price } { $price ->
        [one] kredyt
        [few] kredyty
       *[other] kredytów
    } · saldo { $available } → { $after }
option-fast = x{ $scale } · { $price } { $price ->
        [one] kredyt
        [few] kredyty
       *[other] kredytów
    }
option-generative = { $mode } x{ $scale } · { $price } { $price ->
        [one] kredyt
        [few] kredyty
       *[other] kredytów
    }
select-factor = Współczynnik powiększenia
select-preset = Ustawienie
button-confirm = Potwierdź
button-cancel = Anuluj
button-prompt-seed = Prompt i seed...
confirm-cancelled = Anulowano. Nic nie zostało pobrane.
confirm-gone = Tego obrazu nie ma już w wiadomości.
confirm-expired = To potwierdzenie wygasło; kliknij Powiększ jeszcze raz.
confirm-again = Już trwa: to powiększenie potwierdzono raz i jest rozliczane raz.
confirm-queued = W kolejce: nr { $position }, około { $duration }. Zarezerwowano: { $price } { $price ->
        [one] kredyt
        [few] kredyty
       *[other] kredytów
    }; dostępne: { $available }.
confirm-starting = W kolejce: rozpoczyna się. Zarezerwowano: { $price } { $price ->
        [one] kredyt
        [few] kredyty
       *[other] kredytów
    }; dostępne: { $available }.
button-cancel-upscale = Anuluj to powiększenie
button-cancel-job = Anuluj nr { $job }
job-already-finished = Zadanie nr { $job } już się zakończyło.
job-cancelled = Zadanie nr { $job } anulowane, kredyty zwrócone.

engine-creative = Kreatywny (SD x4 upscaler)
engine-detail = Szczegóły (Real-ESRGAN + checkpoint SD)
preset-subtle-hint = zostaje blisko obrazu, wyostrza to, co jest
preset-balanced-hint = dodaje wiarygodne szczegóły
preset-creative-hint = wymyśla nowe szczegóły; może zmienić drobiazgi
run-seed = { $engine } · { $dial } · seed { $seed }
run-new-seed = { $engine } · { $dial } · nowy seed
run-prompt = Prompt: „{ $prompt }”
run-prompt-yours = Prompt (twój): „{ $prompt }”
run-prompt-message = Prompt (z wiadomości): „{ $prompt }”
run-prompt-again = Prompt (jak poprzednio): „{ $prompt }”
run-prompt-image = Prompt (z obrazu): „{ $prompt }”
run-prompt-image-tool = Prompt (z metadanych { $tool } obrazu): „{ $prompt }”
run-no-prompt = W obrazie nie znaleziono promptu: dodaj go przez **Prompt i seed...**
run-negative = Negatywny: „{ $prompt }”
form-title = Prompt i seed
form-prompt = Prompt
form-prompt-hint = co pokazuje obraz; puste: bez promptu
form-negative = Prompt negatywny
form-negative-hint = czego ma nie być
form-seed = Seed
form-seed-hint = puste: nowy seed
form-strength = Siła 1-9 (1 delikatnie, 9 kreatywnie)
form-strength-hint = puste: według ustawienia
form-refused = { $problem } Nic nie zostało zmienione.
bad-prompt-length = Prompt ma więcej niż { $limit } znaków.
bad-negative-length = Prompt negatywny ma więcej niż { $limit } znaków.
bad-seed = Seed musi być liczbą całkowitą od 0 do { $max } albo pusty dla nowego; „{ $value }” nią nie jest.
bad-strength = Siła musi być liczbą całkowitą od 1 do 9 albo pusta dla ustawienia; „{ $value }” nią nie jest.
button-again-same = Jeszcze raz (ten sam seed)
button-again-new = Jeszcze raz (nowy seed)
again-not-generative = Wyświetlany obraz nie jest kreatywnym ani szczegółowym powiększeniem; użyj Powiększ.

button-upscale = Powiększ
button-upscale-again = Powiększ ponownie
button-original = Oryginał
button-history = Wersje
button-numbered = { $label } { $number }
upscale-not-image = Ten plik nie jest obrazem.
upscale-no-images = Ta wiadomość nie zawiera obrazów.
upscale-posted = Obraz od { $member }
upscale-reply = Obrazy od { $member }, gotowe do powiększenia

versions-no-earlier = Nie ma wcześniejszej wersji.
versions-original = Oryginał · { $size }
versions-none = Nie zapisano jeszcze żadnych wersji.
versions-older = … i starsze: { $count }
version-original = v{ $version } oryginał · { $size }
version-restored = v{ $version } ponownie v{ $from } · { $size }
version-upscale = v{ $version } powiększenie { $number } · { $size }
version-open = [otwórz]({ $url })
version-shown-now = **wyświetlana teraz**
version-option = v{ $version } · { $size }
version-option-original = oryginał
select-use-version = Użyj tej wersji
version-shown-again = { $member } ponownie pokazuje wersję { $version } · { $size } · { $when }
version-restored-reply = Obraz znowu pokazuje wersję { $version } (zapisaną jako v{ $recorded }).

credits-header = **Saldo { $balance }** · zarezerwowane { $held } · dostępne { $available }
ledger-starting = saldo początkowe
ledger-grant = przyznano
ledger-revoke = odebrano
ledger-hold = zarezerwowano
ledger-capture = wydano
ledger-release = zwrócono
ledger-allowance = przydział
ledger-purchase = kupiono
ledger-refund = zwrot zakupu
ledger-line = { $when } { $kind } { $amount }
ledger-line-reason = { $when } { $kind } { $amount } · { $reason }
place-line = Masz zakupy ({ $count }) na { $credits } { $credits ->
        [one] kredyt
        [few] kredyty
       *[other] kredytów
    }, które nie są jeszcze na żadnym serwerze: dodaj każdy do portfela na tym serwerze jego przyciskiem (raz; kredyty zostają na jednym serwerze).
place-line-one = Masz zakup na { $credits } { $credits ->
        [one] kredyt
        [few] kredyty
       *[other] kredytów
    }, który nie jest jeszcze na żadnym serwerze: dodaj go do portfela na tym serwerze przyciskiem (raz; kredyty zostają na jednym serwerze).
button-place = Dodaj tutaj: { $amount }
place-already-here = Te kredyty ({ $amount }) zostały już dodane na tym serwerze. Nic się nie zmieniło.
place-already-elsewhere = Te kredyty ({ $amount }) zostały już dodane na innym serwerze. Nic się nie zmieniło.
place-added = Dodano do twojego portfela na tym serwerze: { $amount } { $amount ->
        [one] kredyt
        [few] kredyty
       *[other] kredytów
    }. Saldo: { $balance }.

granted = { $member }: przyznano { $amount } { $amount ->
        [one] kredyt
        [few] kredyty
       *[other] kredytów
    } ({ $reason }). Saldo: { $balance }.
revoked = { $member }: odebrano { $amount } { $amount ->
        [one] kredyt
        [few] kredyty
       *[other] kredytów
    } ({ $reason }). Saldo: { $balance }.
granted-before = Już zrobione { $when }: { $member } przyznano { $amount } { $amount ->
        [one] kredyt
        [few] kredyty
       *[other] kredytów
    }. Nic się nie zmieniło; saldo { $balance }.
revoked-before = Już zrobione { $when }: { $member } odebrano { $amount } { $amount ->
        [one] kredyt
        [few] kredyty
       *[other] kredytów
    }. Nic się nie zmieniło; saldo { $balance }.
audit-granted = { $actor } przyznał(a) { $member } { $amount } { $amount ->
        [one] kredyt
        [few] kredyty
       *[other] kredytów
    }: { $reason }
audit-revoked = { $actor } odebrał(a) { $member } { $amount } { $amount ->
        [one] kredyt
        [few] kredyty
       *[other] kredytów
    }: { $reason }
audit-none = Brak przyznań, odebrań i zakupów.
audit-header = **Przyznania, odebrania i zakupy** (razem { $total }, strona { $page }/{ $pages })
audit-header-member = **Przyznania, odebrania i zakupy: { $member }** (razem { $total }, strona { $page }/{ $pages })
audit-change = { $when } { $actor } { $amount } → { $member } · { $reason }
purchase-marks = SKU { $sku } · uprawnienie { $entitlement }
purchase-marks-test = SKU { $sku } · uprawnienie { $entitlement } · test
audit-purchase = { $member } kupił(a) { $amount } { $amount ->
        [one] kredyt
        [few] kredyty
       *[other] kredytów
    } ({ $marks })
audit-refund = Discord zwrócił { $member } pieniądze za { $amount } { $amount ->
        [one] kredyt
        [few] kredyty
       *[other] kredytów
    }: odebrano { $taken } ({ $marks })
audit-refund-owed = Discord zwrócił { $member } pieniądze za { $amount } { $amount ->
        [one] kredyt
        [few] kredyty
       *[other] kredytów
    }: odebrano { $taken }; { $owed } już wydane, do oddania ({ $marks })

history-empty = Nie masz jeszcze żadnych powiększeń.
history-header = **Twoje powiększenia** (strona { $page }/{ $pages }, razem { $total })
history-line = { $when } · { $sizes } · { $price } { $price ->
        [one] kredyt
        [few] kredyty
       *[other] kredytów
    } · { $link }
history-line-made = { $when } · { $sizes } · { $made } · { $price } { $price ->
        [one] kredyt
        [few] kredyty
       *[other] kredytów
    } · { $link }

page-footer = strona { $page }/{ $pages }
queue-running = W toku: { $jobs }
queue-running-more = W toku: { $jobs } i jeszcze { $more }
queue-running-none = W toku: brak
queue-empty = Nic nie czeka.
queue-line = { $position }. zadanie nr { $job } dla { $member } · { $model } · około { $duration }
failures-none = Na tym serwerze nie ma nieudanych ani anulowanych powiększeń.
failures-header = **Nieudane i anulowane powiększenia** (strona { $page }/{ $pages }, razem { $total })
failures-refunded = zwrócono { $price }
failures-not-charged = nie pobrano
failures-error-id = identyfikator błędu { $error_id }
state-failed = nieudane
state-cancelled = anulowane

settings-title = **Ustawienia tego serwera**
settings-line = { $label }: { $value }
settings-line-default = { $label }: { $value } · domyślne
settings-hint = -# Puste pola i puste wybory przywracają wartość domyślną.
settings-saved = Zapisano: { $changes }.
settings-unchanged = Nic się nie zmieniło.
settings-needs-intent = -# Automatyczne przyciski czytają obrazy innych botów, co wymaga intentu Message Content: właściciel bota włącza go w Developer Portal i ustawia UPSCALE_DISCORD__MESSAGE_CONTENT=true.
setting-upscale_price = Cena powiększenia
setting-creative_price = Cena kreatywnego powiększenia
setting-detail_price = Cena powiększenia ze szczegółami
setting-starting_balance = Saldo początkowe
setting-allowance_amount = Wielkość przydziału
setting-allowance_every_hours = Okres przydziału
setting-allowance_cap = Limit przydziału
setting-auto_button_channels = Automatyczne przyciski w
setting-admin_role_id = Rola administratora
setting-audit_channel_id = Kanał audytu
setting-top_up_url = Link do doładowania
setting-language = Język
setting-allowance = Przydział
value-credits = { $amount } { $amount ->
        [one] kredyt
        [few] kredyty
       *[other] kredytów
    }
value-every-hours = co { $hours } godz.
value-none = brak
value-role-none = brak (tylko Zarządzanie serwerem)
value-language-discord = język serwera w Discordzie
value-allowance = { $amount } co { $hours } godz., do { $cap }
value-allowance-off = wyłączony
audit-setting = { $actor } ustawił(a) { $setting } na { $value } (wcześniej { $before }).
audit-setting-default = { $actor } ustawił(a) { $setting } na { $value }, domyślne (wcześniej { $before }).
select-auto-channels = Kanały z automatycznymi przyciskami Powiększ
select-admin-role = Rola administratora (oprócz Zarządzania serwerem)
select-audit-channel = Kanał audytu
select-language = Język wiadomości publicznych i audytu
option-language-discord = Język serwera w Discordzie
button-edit-credits = Ceny i saldo…
button-edit-allowance = Przydział…
form-credits-title = Ceny i saldo
form-allowance-title = Przydział
field-upscale_price = Cena powiększenia (kredyty)
field-creative_price = Cena, kreatywne powiększenie
field-detail_price = Cena, powiększenie ze szczegółami
field-starting_balance = Saldo początkowe nowych członków
field-top_up_url = Link dla tych, którym zabraknie kredytów
field-allowance_amount = Darmowe kredyty na okres (0 wyłącza)
field-allowance_every_hours = Okres, w godzinach
field-allowance_cap = Nigdy powyżej tego salda
field-default = domyślnie: { $value }

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
command-credits-admin-description = Przyznawaj, odbieraj i sprawdzaj kredyty
command-credits-admin-grant = przyznaj
command-credits-admin-grant-description = Daj członkowi kredyty
command-credits-admin-revoke = odbierz
command-credits-admin-revoke-description = Odbierz członkowi kredyty
command-credits-admin-audit = audyt
command-credits-admin-audit-description = Przyznania i odebrania: kto i dlaczego
command-credits-admin-member = członek
command-credits-admin-member-description = kto
command-credits-admin-amount = ilość
command-credits-admin-amount-description = ile
command-credits-admin-reason = powód
command-credits-admin-reason-description = dlaczego (zapisane w audycie)
command-credits-admin-audit-member-description = tylko ten członek
command-upscale-admin = powiększ-admin
command-upscale-admin-description = Zarządzaj kolejką powiększeń
command-upscale-admin-queue = kolejka
command-upscale-admin-queue-description = Kolejka w kolejności wykonywania zadań
command-upscale-admin-settings = ustawienia
command-upscale-admin-settings-description = Ceny, przydział i kanały tego serwera
command-upscale-admin-failures = błędy
command-upscale-admin-failures-description = Ostatnie nieudane i anulowane powiększenia
