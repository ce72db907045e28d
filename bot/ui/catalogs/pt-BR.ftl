## upscale-bot, português do Brasil (Brazilian Portuguese). Termos: créditos, ampliar/ampliação (upscale), versão, fila, servidor, membro, admin, modelo, tarefa (job).

## Durations
duration-seconds = { $count } s
duration-minutes = { $count } min
duration-hours = { $count } h

## Progress on the image's message (the server's language)
progress-line = Ampliação para { $member }: { $progress }
progress-running = { $percent }% { $bar }
progress-queued = na fila
progress-queued-eta = na fila, cerca de { $duration }
progress-queued-no-worker = na fila, aguardando um worker com o modelo { $model }
progress-queued-at = { $position }º na fila
progress-queued-at-eta = { $position }º na fila, cerca de { $duration }
progress-queued-at-no-worker = { $position }º na fila, aguardando um worker com o modelo { $model }
progress-cancelled = Ampliação cancelada.

## What a generative version was made with
mode-fast = Rápida
mode-creative = Criativa
mode-detail = Detalhe
preset-subtle = Sutil
preset-balanced = Equilibrado
preset-creative = Criativo
dial-strength = intensidade { $strength }
dial-preset = predefinição { $preset }
made-with = { $mode } · { $dial }
made-with-seed = { $mode } · { $dial } · seed { $seed }

## The result on the image's message (the server's language) and the receipt (the member's)
delivered = Ampliada x{ $scale } · { $input } → { $output } · { $price } { $price ->
        [one] crédito
       *[other] créditos
    }
delivered-made = Ampliada x{ $scale } · { $input } → { $output } · { $price } { $price ->
        [one] crédito
       *[other] créditos
    } · { $made }
receipt = Pronto: ampliada x{ $scale } para { $size } por { $price } { $price ->
        [one] crédito
       *[other] créditos
    }. Saldo: { $balance } { $balance ->
        [one] crédito
       *[other] créditos
    }.
receipt-made = Pronto: ampliada x{ $scale } para { $size } ({ $made }) por { $price } { $price ->
        [one] crédito
       *[other] créditos
    }. Saldo: { $balance } { $balance ->
        [one] crédito
       *[other] créditos
    }.

## Errors (one sentence each)
error-not-admin = Só admins do servidor podem fazer isso.
error-servers-only = Isso só funciona em servidores.
error-guild-not-allowed = Este bot não está ativado neste servidor.
error-no-such-job = Não existe a tarefa #{ $job } neste servidor.
error-not-your-image = Só os membros que ampliaram esta imagem, ou admins, podem mudar a versão exibida.
error-model-not-offered = O modelo { $model } não está instalado neste bot; escolha um da lista.
error-model-not-installed = O modelo { $model } não está instalado neste bot.
error-insufficient-credits = Você precisa de { $needed } { $needed ->
        [one] crédito
       *[other] créditos
    }, mas tem só { $available } disponíveis.
error-image-busy = Esta imagem já está sendo ampliada; ela será atualizada quando terminar.
error-queue-limit = Você já tem { $limit } { $limit ->
        [one] ampliação
       *[other] ampliações
    } aguardando; tente de novo quando uma terminar.
error-queue-full = A fila está cheia; tente de novo em alguns minutos. Nada foi cobrado.
error-image-too-large = A imagem tem { $size } ({ $pixels } pixels); o limite é de { $limit } pixels. Tente uma imagem menor.
error-file-too-large = O arquivo tem { $size }, mais que o limite de { $limit }.
size-kib = { $count } KiB
size-mib = { $count } MiB
error-upscaler-failed = A ampliação desta imagem falhou.
error-upscaler-stopped = O mecanismo de ampliação parou inesperadamente.
error-internal = Algo deu errado do nosso lado (ID do erro { $error_id }).
failure-crashed = O mecanismo de ampliação parou várias vezes nesta imagem, e a tarefa foi interrompida.
failure-timeout = A ampliação levou mais de { $limit } s e foi interrompida.
failure-cancelled = A ampliação foi cancelada.
failure-message-gone = A mensagem foi apagada antes de a ampliação terminar; o resultado está salvo em /histórico.
failure-undeliverable = A ampliação terminou, mas não foi possível publicá-la na mensagem; o resultado está salvo em /histórico.
failure-refunded = { $credits } { $credits ->
        [one] crédito foi reembolsado
       *[other] créditos foram reembolsados
    } para você.

## The confirmation (the member's language)
kind-fast = Ampliação
kind-creative = Ampliação criativa
kind-detail = Ampliação com detalhe
confirm-title = **{ $kind } x{ $scale }** · cerca de { $duration }
confirm-not-enough = Créditos insuficientes: { $available } de { $price }.
confirm-top-up = Consiga mais créditos: { $url }
confirm-buy-pack = Compre um pacote abaixo; os créditos vão para o seu saldo neste servidor.
confirm-ask-admin = Peça mais créditos a um admin.
confirm-price = Preço: { $price } { $price ->
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
select-factor = Fator de ampliação
select-preset = Predefinição
button-confirm = Confirmar
button-cancel = Cancelar
button-prompt-seed = Prompt e seed…
confirm-cancelled = Cancelado. Nada foi cobrado.
confirm-gone = Essa imagem não está mais na mensagem.
confirm-expired = Esta confirmação expirou; clique em Ampliar de novo.
confirm-again = Já em andamento: esta ampliação foi confirmada uma vez e é cobrada uma única vez.
confirm-queued = Na fila: { $position }º lugar, cerca de { $duration }. { $price } { $price ->
        [one] crédito reservado
       *[other] créditos reservados
    }; disponível: { $available }.
confirm-starting = Na fila: começando. { $price } { $price ->
        [one] crédito reservado
       *[other] créditos reservados
    }; disponível: { $available }.
button-cancel-upscale = Cancelar esta ampliação
button-cancel-job = Cancelar #{ $job }
job-already-finished = A tarefa #{ $job } já terminou.
job-cancelled = Tarefa #{ $job } cancelada e reembolsada.

## Creative and detail upscales
engine-creative = Criativa (SD x4 upscaler)
engine-detail = Detalhe (Real-ESRGAN + checkpoint SD)
preset-subtle-hint = fica fiel à imagem e realça o que já existe
preset-balanced-hint = adiciona detalhes plausíveis
preset-creative-hint = inventa detalhes novos; pode mudar pequenas coisas
run-seed = { $engine } · { $dial } · seed { $seed }
run-new-seed = { $engine } · { $dial } · nova seed
run-prompt = Prompt: “{ $prompt }”
run-prompt-yours = Prompt (seu): “{ $prompt }”
run-prompt-message = Prompt (da mensagem): “{ $prompt }”
run-prompt-again = Prompt (como antes): “{ $prompt }”
run-prompt-image = Prompt (da imagem): “{ $prompt }”
run-prompt-image-tool = Prompt (dos metadados { $tool } da imagem): “{ $prompt }”
run-no-prompt = Nenhum prompt encontrado na imagem: adicione um em **Prompt e seed…**
run-negative = Negativo: “{ $prompt }”
form-title = Prompt e seed
form-prompt = Prompt
form-prompt-hint = o que a imagem mostra; vazio: sem prompt
form-negative = Prompt negativo
form-negative-hint = o que deve ficar de fora
form-seed = Seed
form-seed-hint = vazio: uma nova seed
form-strength = Intensidade 1-9 (1 sutil, 9 criativa)
form-strength-hint = vazio: a da predefinição
form-refused = { $problem } Nada foi alterado.
bad-prompt-length = O prompt passa de { $limit } caracteres.
bad-negative-length = O prompt negativo passa de { $limit } caracteres.
bad-seed = A seed deve ser um número inteiro de 0 a { $max }, ou vazia para uma nova; “{ $value }” não é.
bad-strength = A intensidade deve ser um número inteiro de 1 a 9, ou vazia para usar a predefinição; “{ $value }” não é.
button-again-same = De novo (mesma seed)
button-again-new = De novo (nova seed)
again-not-generative = A imagem exibida agora não é uma ampliação criativa nem com detalhe; use Ampliar.

## The image's buttons and posts (the server's language)
button-upscale = Ampliar
button-upscale-again = Ampliar de novo
button-original = Original
button-history = Histórico
button-numbered = { $label } { $number }
upscale-not-image = Esse arquivo não é uma imagem.
upscale-no-images = Essa mensagem não tem imagens.
upscale-posted = Imagem de { $member }
upscale-reply = Imagens de { $member }, prontas para ampliar

## An image's versions
versions-no-earlier = Não há versão anterior.
versions-original = Original · { $size }
versions-none = Nenhuma versão registrada ainda.
versions-older = … e { $count } { $count ->
        [one] anterior
       *[other] anteriores
    }
version-original = v{ $version } original · { $size }
version-restored = v{ $version } v{ $from } exibida de novo · { $size }
version-upscale = v{ $version } ampliação { $number } · { $size }
version-open = [abrir]({ $url })
version-shown-now = **exibida agora**
version-option = v{ $version } · { $size }
version-option-original = a original
select-use-version = Usar esta versão
version-shown-again = Versão { $version } exibida de novo por { $member } · { $size } · { $when }
version-restored-reply = A imagem voltou a exibir a versão { $version } (registrada como v{ $recorded }).

## /credits
credits-header = **Saldo { $balance }** · reservado { $held } · disponível { $available }
ledger-starting = saldo inicial
ledger-grant = concedido
ledger-revoke = retirado
ledger-hold = reservado
ledger-capture = gasto
ledger-release = reembolsado
ledger-allowance = cota
ledger-purchase = comprado
ledger-refund = reembolso de compra
ledger-line = { $when } { $kind } { $amount }
ledger-line-reason = { $when } { $kind } { $amount } · { $reason }
place-line = Você tem { $count } compras, { $credits } { $credits ->
        [one] crédito
       *[other] créditos
    } no total, que ainda não estão em nenhum servidor: adicione cada uma ao saldo deste servidor com o botão dela (só uma vez; os créditos ficam em um único servidor).
place-line-one = Você tem uma compra de { $credits } { $credits ->
        [one] crédito
       *[other] créditos
    } que ainda não está em nenhum servidor: adicione-a ao saldo deste servidor com o botão dela (só uma vez; os créditos ficam em um único servidor).
button-place = Adicionar { $amount } { $amount ->
        [one] crédito
       *[other] créditos
    } aqui
place-already-here = Esses { $amount } { $amount ->
        [one] crédito já foi adicionado
       *[other] créditos já foram adicionados
    } a este servidor. Nada mudou.
place-already-elsewhere = Esses { $amount } { $amount ->
        [one] crédito já foi adicionado
       *[other] créditos já foram adicionados
    } a outro servidor. Nada mudou.
place-added = { $amount } { $amount ->
        [one] crédito adicionado
       *[other] créditos adicionados
    } ao seu saldo neste servidor. Saldo: { $balance }.

## /credits-admin (the admin's language) and its audit lines (the server's)
granted = { $amount } { $amount ->
        [one] crédito concedido
       *[other] créditos concedidos
    } a { $member } ({ $reason }). Saldo: { $balance }.
revoked = { $amount } { $amount ->
        [one] crédito retirado
       *[other] créditos retirados
    } de { $member } ({ $reason }). Saldo: { $balance }.
granted-before = Já feito em { $when }: { $amount } { $amount ->
        [one] crédito concedido
       *[other] créditos concedidos
    } a { $member }. Nada mudou; saldo { $balance }.
revoked-before = Já feito em { $when }: { $amount } { $amount ->
        [one] crédito retirado
       *[other] créditos retirados
    } de { $member }. Nada mudou; saldo { $balance }.
audit-granted = { $actor } concedeu { $amount } { $amount ->
        [one] crédito
       *[other] créditos
    } a { $member }: { $reason }
audit-revoked = { $actor } retirou { $amount } { $amount ->
        [one] crédito
       *[other] créditos
    } de { $member }: { $reason }
audit-none = Nenhuma concessão, retirada ou compra ainda.
audit-header = **Concessões, retiradas e compras** ({ $total } no total, página { $page }/{ $pages })
audit-header-member = **Concessões, retiradas e compras de { $member }** ({ $total } no total, página { $page }/{ $pages })
audit-change = { $when } { $actor } { $amount } → { $member } · { $reason }
purchase-marks = SKU { $sku } · direito { $entitlement }
purchase-marks-test = SKU { $sku } · direito { $entitlement } · teste
audit-purchase = { $member } comprou { $amount } { $amount ->
        [one] crédito
       *[other] créditos
    } ({ $marks })
audit-refund = O Discord reembolsou { $amount } { $amount ->
        [one] crédito
       *[other] créditos
    } de { $member }: { $taken } recuperados ({ $marks })
audit-refund-owed = O Discord reembolsou { $amount } { $amount ->
        [one] crédito
       *[other] créditos
    } de { $member }: { $taken } recuperados; { $owed } já gastos, em aberto ({ $marks })

## /history
history-empty = Você ainda não ampliou nada.
history-header = **Suas ampliações** (página { $page }/{ $pages }, { $total } no total)
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
queue-running = Em andamento: { $jobs }
queue-running-more = Em andamento: { $jobs } e mais { $more }
queue-running-none = Em andamento: nenhuma
queue-empty = Nada aguardando.
queue-line = { $position }. tarefa #{ $job } de { $member } · { $model } · cerca de { $duration }
failures-none = Nenhuma ampliação com falha ou cancelada neste servidor.
failures-header = **Ampliações com falha e canceladas** (página { $page }/{ $pages }, { $total } no total)
failures-refunded = reembolsado: { $price }
failures-not-charged = não cobrado
failures-error-id = ID do erro { $error_id }
state-failed = com falha
state-cancelled = cancelada

## /upscale-admin settings
settings-title = **Configurações deste servidor**
settings-line = { $label }: { $value }
settings-line-default = { $label }: { $value } · padrão
settings-hint = -# Campos em branco e seleções vazias voltam ao padrão.
settings-saved = Salvo: { $changes }.
settings-unchanged = Nada mudou.
settings-needs-intent = -# Os botões automáticos leem imagens de outros bots, o que exige o intent Message Content: o dono do bot o ativa no Developer Portal e define UPSCALE_DISCORD__MESSAGE_CONTENT=true.
setting-upscale_price = Preço da ampliação
setting-creative_price = Preço da ampliação criativa
setting-detail_price = Preço da ampliação com detalhe
setting-starting_balance = Saldo inicial
setting-allowance_amount = Valor da cota
setting-allowance_every_hours = Período da cota
setting-allowance_cap = Limite da cota
setting-auto_button_channels = Botões automáticos em
setting-admin_role_id = Cargo de admin
setting-audit_channel_id = Canal de registro
setting-top_up_url = Link de recarga
setting-language = Idioma
setting-allowance = Cota
value-credits = { $amount } { $amount ->
        [one] crédito
       *[other] créditos
    }
value-every-hours = a cada { $hours } h
value-none = nenhum
value-role-none = nenhum (só Gerenciar servidor)
value-language-discord = o idioma do Discord do servidor
value-allowance = { $amount } { $amount ->
        [one] crédito
       *[other] créditos
    } a cada { $hours } h, até { $cap }
value-allowance-off = desativada
audit-setting = { $actor } definiu { $setting } como { $value } (antes: { $before }).
audit-setting-default = { $actor } definiu { $setting } como { $value }, o padrão (antes: { $before }).
select-auto-channels = Canais com botões Ampliar automáticos
select-admin-role = Cargo de admin (além de Gerenciar servidor)
select-audit-channel = Canal de registro
select-language = Idioma das mensagens públicas e do registro
option-language-discord = O idioma do Discord do servidor
button-edit-credits = Preços e saldo…
button-edit-allowance = Cota…
form-credits-title = Preços e saldo
form-allowance-title = Cota
field-upscale_price = Preço da ampliação (créditos)
field-creative_price = Preço da ampliação criativa (créditos)
field-detail_price = Preço da ampliação com detalhe (créditos)
field-starting_balance = Saldo inicial de novos membros
field-top_up_url = Link de recarga para quem ficar sem créditos
field-allowance_amount = Créditos grátis por período (0 desativa)
field-allowance_every_hours = Período, em horas
field-allowance_cap = Nunca acima deste saldo
field-default = padrão: { $value }

## Commands. Names: lower case, no spaces, 1-32 letters, digits, - or _ (Discord's rules);
## the context menu's name may have spaces and capitals.
command-upscale = ampliar
command-upscale-description = Publicar uma imagem com um botão Ampliar e ampliá-la
command-upscale-image = imagem
command-upscale-image-description = a imagem a ampliar
command-upscale-model = modelo
command-upscale-model-description = qual modelo (padrão: o do servidor)
command-upscale-image-menu = Ampliar imagem
command-credits = créditos
command-credits-description = Seus créditos: saldo, reservados e mudanças recentes
command-history = histórico
command-history-description = Suas ampliações, das mais recentes às mais antigas
command-history-page = página
command-history-page-description = número da página
command-credits-admin = créditos-admin
command-credits-admin-description = Conceder, retirar e auditar créditos
command-credits-admin-grant = conceder
command-credits-admin-grant-description = Dar créditos a um membro
command-credits-admin-revoke = retirar
command-credits-admin-revoke-description = Tirar créditos de um membro
command-credits-admin-audit = registro
command-credits-admin-audit-description = Concessões e retiradas, com quem e por quê
command-credits-admin-member = membro
command-credits-admin-member-description = quem
command-credits-admin-amount = quantidade
command-credits-admin-amount-description = quantos
command-credits-admin-reason = motivo
command-credits-admin-reason-description = por quê (fica no registro)
command-credits-admin-audit-member-description = só este membro
command-upscale-admin = ampliar-admin
command-upscale-admin-description = Gerenciar a fila de ampliações
command-upscale-admin-queue = fila
command-upscale-admin-queue-description = A fila, na ordem em que as tarefas vão rodar
command-upscale-admin-settings = configurações
command-upscale-admin-settings-description = Preços, cota e canais deste servidor
command-upscale-admin-failures = falhas
command-upscale-admin-failures-description = Ampliações recentes com falha ou canceladas
