## upscale-bot, français (French). Termes : crédits, agrandir/agrandissement (upscale), version, file d'attente, serveur, membre, admin, modèle, tâche (job).

## Durations
duration-seconds = { $count } s
duration-minutes = { $count } min
duration-hours = { $count } h

## Progress on the image's message (the server's language)
progress-line = Agrandissement pour { $member } : { $progress }
progress-running = { $percent } % { $bar }
progress-queued = en file d'attente
progress-queued-eta = en file d'attente, environ { $duration }
progress-queued-no-worker = en file d'attente, en attente d'un worker avec le modèle { $model }
progress-queued-at = position { $position } dans la file d'attente
progress-queued-at-eta = position { $position } dans la file d'attente, environ { $duration }
progress-queued-at-no-worker = position { $position } dans la file d'attente, en attente d'un worker avec le modèle { $model }
progress-cancelled = Agrandissement annulé.

## What a generative version was made with
mode-fast = Rapide
mode-creative = Créatif
mode-detail = Détail
preset-subtle = Subtil
preset-balanced = Équilibré
preset-creative = Créatif
dial-strength = intensité { $strength }
dial-preset = préréglage { $preset }
made-with = { $mode } · { $dial }
made-with-seed = { $mode } · { $dial } · seed { $seed }

## The result on the image's message (the server's language) and the receipt (the member's)
delivered = Agrandi x{ $scale } · { $input } → { $output } · { $price } { $price ->
        [one] crédit
       *[other] crédits
    }
delivered-made = Agrandi x{ $scale } · { $input } → { $output } · { $price } { $price ->
        [one] crédit
       *[other] crédits
    } · { $made }
receipt = Terminé : agrandi x{ $scale } en { $size } pour { $price } { $price ->
        [one] crédit
       *[other] crédits
    }. Solde : { $balance } { $balance ->
        [one] crédit
       *[other] crédits
    }.
receipt-made = Terminé : agrandi x{ $scale } en { $size } ({ $made }) pour { $price } { $price ->
        [one] crédit
       *[other] crédits
    }. Solde : { $balance } { $balance ->
        [one] crédit
       *[other] crédits
    }.

## Errors (one sentence each)
error-not-admin = Seuls les admins du serveur peuvent faire cela.
error-servers-only = Cela ne fonctionne que sur un serveur.
error-guild-not-allowed = Ce bot n'est pas activé sur ce serveur.
error-no-such-job = Il n'y a pas de tâche n°{ $job } sur ce serveur.
error-not-your-image = Seuls les membres qui ont agrandi cette image, ou les admins, peuvent changer la version affichée.
error-model-not-offered = Le modèle { $model } n'est pas installé sur ce bot ; choisissez-en un dans la liste.
error-model-not-installed = Le modèle { $model } n'est pas installé sur ce bot.
error-insufficient-credits = Il vous faut { $needed } { $needed ->
        [one] crédit
       *[other] crédits
    }, mais votre solde disponible n'est que de { $available }.
error-image-busy = Cette image est déjà en cours d'agrandissement ; elle sera mise à jour une fois terminé.
error-queue-limit = Vous avez déjà { $limit } { $limit ->
        [one] agrandissement
       *[other] agrandissements
    } en attente ; réessayez quand l'un d'eux sera terminé.
error-queue-full = La file d'attente est pleine ; réessayez dans quelques minutes. Rien ne vous a été facturé.
error-image-too-large = L'image fait { $size } ({ $pixels } pixels) ; la limite est de { $limit } pixels. Essayez avec une image plus petite.
error-file-too-large = Le fichier fait { $size }, ce qui dépasse la limite de { $limit }.
size-kib = { $count } Kio
size-mib = { $count } Mio
error-upscaler-failed = L'agrandissement de cette image a échoué.
error-upscaler-stopped = Le moteur d'agrandissement s'est arrêté de façon inattendue.
error-internal = Une erreur s'est produite de notre côté (identifiant d'erreur { $error_id }).
failure-crashed = Le moteur d'agrandissement s'est arrêté à plusieurs reprises sur cette image ; la tâche a été interrompue.
failure-timeout = L'agrandissement a duré plus de { $limit } s et a été interrompu.
failure-cancelled = L'agrandissement a été annulé.
failure-message-gone = Le message a été supprimé avant la fin de l'agrandissement ; le résultat est enregistré dans /historique.
failure-undeliverable = L'agrandissement est terminé, mais n'a pas pu être publié sur le message ; le résultat est enregistré dans /historique.
failure-refunded = { $credits } { $credits ->
        [one] crédit vous a été remboursé
       *[other] crédits vous ont été remboursés
    }.

## The confirmation (the member's language)
kind-fast = Agrandissement
kind-creative = Agrandissement créatif
kind-detail = Agrandissement détaillé
confirm-title = **{ $kind } x{ $scale }** · environ { $duration }
confirm-not-enough = Crédits insuffisants : { $available } sur { $price }.
confirm-top-up = Obtenir plus de crédits : { $url }
confirm-buy-pack = Achetez un pack ci-dessous ; les crédits seront versés sur votre solde sur ce serveur.
confirm-ask-admin = Demandez plus de crédits à un admin.
confirm-price = Prix : { $price } { $price ->
        [one] crédit
       *[other] crédits
    } · solde { $available } → { $after }
option-fast = x{ $scale } · { $price } { $price ->
        [one] crédit
       *[other] crédits
    }
option-generative = { $mode } x{ $scale } · { $price } { $price ->
        [one] crédit
       *[other] crédits
    }
select-factor = Facteur d'agrandissement
select-preset = Préréglage
button-confirm = Confirmer
button-cancel = Annuler
button-prompt-seed = Prompt et seed…
confirm-cancelled = Annulé. Rien ne vous a été facturé.
confirm-gone = Cette image n'est plus sur le message.
confirm-expired = Cette confirmation a expiré ; cliquez à nouveau sur Agrandir.
confirm-again = Déjà en cours : cet agrandissement a été confirmé une fois et ne sera facturé qu'une fois.
confirm-queued = En file d'attente : position { $position }, environ { $duration }. { $price } { $price ->
        [one] crédit réservé
       *[other] crédits réservés
    } ; solde disponible : { $available }.
confirm-starting = En file d'attente : démarrage imminent. { $price } { $price ->
        [one] crédit réservé
       *[other] crédits réservés
    } ; solde disponible : { $available }.
button-cancel-upscale = Annuler cet agrandissement
button-cancel-job = Annuler la tâche n°{ $job }
job-already-finished = La tâche n°{ $job } est déjà terminée.
job-cancelled = Tâche n°{ $job } annulée et remboursée.

## Creative and detail upscales
engine-creative = Créatif (SD x4 upscaler)
engine-detail = Détail (Real-ESRGAN + checkpoint SD)
preset-subtle-hint = reste fidèle à l'image, accentue la netteté de l'existant
preset-balanced-hint = ajoute des détails plausibles
preset-creative-hint = invente de nouveaux détails ; peut modifier de petits éléments
run-seed = { $engine } · { $dial } · seed { $seed }
run-new-seed = { $engine } · { $dial } · nouvelle seed
run-prompt = Prompt : « { $prompt } »
run-prompt-yours = Prompt (le vôtre) : « { $prompt } »
run-prompt-message = Prompt (tiré du message) : « { $prompt } »
run-prompt-again = Prompt (comme avant) : « { $prompt } »
run-prompt-image = Prompt (tiré de l'image) : « { $prompt } »
run-prompt-image-tool = Prompt (tiré des métadonnées { $tool } de l'image) : « { $prompt } »
run-no-prompt = Aucun prompt trouvé dans l'image : ajoutez-en un avec **Prompt et seed…**
run-negative = Négatif : « { $prompt } »
form-title = Prompt et seed
form-prompt = Prompt
form-prompt-hint = ce que montre l'image ; vide : pas de prompt
form-negative = Prompt négatif
form-negative-hint = ce qu'il faut éviter
form-seed = Seed
form-seed-hint = vide : une nouvelle seed
form-strength = Intensité 1-9 (1 subtil, 9 créatif)
form-strength-hint = vide : celle du préréglage
form-refused = { $problem } Rien n'a été modifié.
bad-prompt-length = Le prompt dépasse { $limit } caractères.
bad-negative-length = Le prompt négatif dépasse { $limit } caractères.
bad-seed = La seed doit être un nombre entier de 0 à { $max }, ou vide pour en tirer une nouvelle ; « { $value } » ne convient pas.
bad-strength = L'intensité doit être un nombre entier de 1 à 9, ou vide pour celle du préréglage ; « { $value } » ne convient pas.
button-again-same = Relancer (même seed)
button-again-new = Relancer (nouvelle seed)
again-not-generative = L'image affichée n'est pas un agrandissement créatif ou détaillé ; utilisez Agrandir.

## The image's buttons and posts (the server's language)
button-upscale = Agrandir
button-upscale-again = Agrandir à nouveau
button-original = Originale
button-history = Historique
button-numbered = { $label } { $number }
upscale-not-image = Ce fichier n'est pas une image.
upscale-no-images = Ce message ne contient aucune image.
upscale-posted = Image de { $member }
upscale-reply = Images de { $member }, prêtes à être agrandies

## An image's versions
versions-no-earlier = Il n'y a pas de version précédente.
versions-original = Originale · { $size }
versions-none = Aucune version enregistrée pour l'instant.
versions-older = … et { $count } { $count ->
        [one] plus ancienne
       *[other] plus anciennes
    }
version-original = v{ $version } originale · { $size }
version-restored = v{ $version } v{ $from } réaffichée · { $size }
version-upscale = v{ $version } agrandissement { $number } · { $size }
version-open = [ouvrir]({ $url })
version-shown-now = **affichée actuellement**
version-option = v{ $version } · { $size }
version-option-original = l'originale
select-use-version = Utiliser cette version
version-shown-again = Version { $version } réaffichée par { $member } · { $size } · { $when }
version-restored-reply = L'image affiche de nouveau la version { $version } (enregistrée comme v{ $recorded }).

## /credits
credits-header = **Solde { $balance }** · réservé { $held } · disponible { $available }
ledger-starting = solde de départ
ledger-grant = attribué
ledger-revoke = retiré
ledger-hold = réservé
ledger-capture = dépensé
ledger-release = remboursé
ledger-allowance = allocation
ledger-purchase = acheté
ledger-refund = remboursement d'un achat
ledger-line = { $when } { $kind } { $amount }
ledger-line-reason = { $when } { $kind } { $amount } · { $reason }
place-line = Vous avez { $count } achats, soit { $credits } { $credits ->
        [one] crédit
       *[other] crédits
    }, qui ne sont encore sur aucun serveur : ajoutez chacun au solde de ce serveur avec son bouton (une seule fois ; les crédits restent sur un seul serveur).
place-line-one = Vous avez un achat de { $credits } { $credits ->
        [one] crédit
       *[other] crédits
    } qui n'est encore sur aucun serveur : ajoutez-le au solde de ce serveur avec son bouton (une seule fois ; les crédits restent sur un seul serveur).
button-place = Ajouter { $amount } { $amount ->
        [one] crédit
       *[other] crédits
    } ici
place-already-here = Ces { $amount } { $amount ->
        [one] crédit
       *[other] crédits
    } ont déjà été ajoutés à ce serveur. Rien n'a changé.
place-already-elsewhere = Ces { $amount } { $amount ->
        [one] crédit
       *[other] crédits
    } ont déjà été ajoutés à un autre serveur. Rien n'a changé.
place-added = { $amount } { $amount ->
        [one] crédit ajouté
       *[other] crédits ajoutés
    } à votre solde sur ce serveur. Solde : { $balance }.

## /credits-admin (the admin's language) and its audit lines (the server's)
granted = { $amount } { $amount ->
        [one] crédit attribué
       *[other] crédits attribués
    } à { $member } ({ $reason }). Solde : { $balance }.
revoked = { $amount } { $amount ->
        [one] crédit retiré
       *[other] crédits retirés
    } à { $member } ({ $reason }). Solde : { $balance }.
granted-before = Déjà fait le { $when } : { $amount } { $amount ->
        [one] crédit attribué
       *[other] crédits attribués
    } à { $member }. Rien n'a changé ; solde { $balance }.
revoked-before = Déjà fait le { $when } : { $amount } { $amount ->
        [one] crédit retiré
       *[other] crédits retirés
    } à { $member }. Rien n'a changé ; solde { $balance }.
audit-granted = { $actor } a attribué { $amount } { $amount ->
        [one] crédit
       *[other] crédits
    } à { $member } : { $reason }
audit-revoked = { $actor } a retiré { $amount } { $amount ->
        [one] crédit
       *[other] crédits
    } à { $member } : { $reason }
audit-none = Aucune attribution, aucun retrait ni achat pour l'instant.
audit-header = **Attributions, retraits et achats** ({ $total } au total, page { $page }/{ $pages })
audit-header-member = **Attributions, retraits et achats pour { $member }** ({ $total } au total, page { $page }/{ $pages })
audit-change = { $when } { $actor } { $amount } → { $member } · { $reason }
purchase-marks = SKU { $sku } · droit { $entitlement }
purchase-marks-test = SKU { $sku } · droit { $entitlement } · test
audit-purchase = { $member } a acheté { $amount } { $amount ->
        [one] crédit
       *[other] crédits
    } ({ $marks })
audit-refund = Discord a remboursé à { $member } ses { $amount } { $amount ->
        [one] crédit
       *[other] crédits
    } : { $taken } repris ({ $marks })
audit-refund-owed = Discord a remboursé à { $member } ses { $amount } { $amount ->
        [one] crédit
       *[other] crédits
    } : { $taken } repris ; { $owed } déjà dépensés, restant dus ({ $marks })

## /history
history-empty = Vous n'avez encore rien agrandi.
history-header = **Vos agrandissements** (page { $page }/{ $pages }, { $total } au total)
history-line = { $when } · { $sizes } · { $price } { $price ->
        [one] crédit
       *[other] crédits
    } · { $link }
history-line-made = { $when } · { $sizes } · { $made } · { $price } { $price ->
        [one] crédit
       *[other] crédits
    } · { $link }

## /upscale-admin queue and failures
page-footer = page { $page }/{ $pages }
queue-running = En cours : { $jobs }
queue-running-more = En cours : { $jobs } et { $more } de plus
queue-running-none = En cours : aucune
queue-empty = Rien en attente.
queue-line = { $position }. tâche n°{ $job } pour { $member } · { $model } · environ { $duration }
failures-none = Aucun agrandissement échoué ou annulé sur ce serveur.
failures-header = **Agrandissements échoués et annulés** (page { $page }/{ $pages }, { $total } au total)
failures-refunded = { $price } { $price ->
        [one] crédit remboursé
       *[other] crédits remboursés
    }
failures-not-charged = non facturé
failures-error-id = identifiant d'erreur { $error_id }
state-failed = échoué
state-cancelled = annulé

## /upscale-admin settings
settings-title = **Paramètres de ce serveur**
settings-line = { $label } : { $value }
settings-line-default = { $label } : { $value } · par défaut
settings-hint = -# Les champs vides et les sélections vides reviennent à la valeur par défaut.
settings-saved = Enregistré : { $changes }.
settings-unchanged = Rien n'a changé.
settings-needs-intent = -# Les boutons automatiques lisent les images des autres bots, ce qui nécessite l'intent Message Content : le propriétaire du bot l'active dans le Developer Portal et définit UPSCALE_DISCORD__MESSAGE_CONTENT=true.
setting-upscale_price = Prix d'un agrandissement
setting-creative_price = Prix d'un agrandissement créatif
setting-detail_price = Prix d'un agrandissement détaillé
setting-starting_balance = Solde de départ
setting-allowance_amount = Montant de l'allocation
setting-allowance_every_hours = Période de l'allocation
setting-allowance_cap = Plafond de l'allocation
setting-auto_button_channels = Boutons automatiques dans
setting-admin_role_id = Rôle admin
setting-audit_channel_id = Salon de journal
setting-top_up_url = Lien de recharge
setting-language = Langue
setting-allowance = Allocation
value-credits = { $amount } { $amount ->
        [one] crédit
       *[other] crédits
    }
value-every-hours = toutes les { $hours } h
value-none = aucun
value-role-none = aucun (Gérer le serveur uniquement)
value-language-discord = la langue Discord du serveur
value-allowance = { $amount } { $amount ->
        [one] crédit
       *[other] crédits
    } toutes les { $hours } h, jusqu'à { $cap }
value-allowance-off = désactivée
audit-setting = { $actor } a réglé { $setting } sur { $value } (avant : { $before }).
audit-setting-default = { $actor } a réglé { $setting } sur { $value }, la valeur par défaut (avant : { $before }).
select-auto-channels = Salons avec boutons Agrandir automatiques
select-admin-role = Rôle admin (en plus de Gérer le serveur)
select-audit-channel = Salon de journal
select-language = Langue des messages publics et du journal
option-language-discord = La langue Discord du serveur
button-edit-credits = Prix et solde…
button-edit-allowance = Allocation…
form-credits-title = Prix et solde
form-allowance-title = Allocation
field-upscale_price = Prix d'un agrandissement (crédits)
field-creative_price = Prix d'un agrandissement créatif (crédits)
field-detail_price = Prix d'un agrandissement détaillé (crédits)
field-starting_balance = Solde de départ des nouveaux membres
field-top_up_url = Lien de recharge pour les membres à court
field-allowance_amount = Crédits offerts par période (0 : désactivé)
field-allowance_every_hours = Période, en heures
field-allowance_cap = Jamais au-delà de ce solde
field-default = défaut : { $value }

## Commands. Names: lower case, no spaces, 1-32 letters, digits, - or _ (Discord's rules);
## the context menu's name may have spaces and capitals.
command-upscale = agrandir
command-upscale-description = Publier une image avec un bouton Agrandir et l'agrandir
command-upscale-image = image
command-upscale-image-description = l'image à agrandir
command-upscale-model = modèle
command-upscale-model-description = quel modèle (par défaut : celui du serveur)
command-upscale-image-menu = Agrandir l'image
command-credits = crédits
command-credits-description = Vos crédits : solde, réservés et derniers mouvements
command-history = historique
command-history-description = Vos agrandissements, du plus récent au plus ancien
command-history-page = page
command-history-page-description = numéro de page
command-credits-admin = crédits-admin
command-credits-admin-description = Attribuer, retirer et consulter le journal des crédits
command-credits-admin-grant = attribuer
command-credits-admin-grant-description = Donner des crédits à un membre
command-credits-admin-revoke = retirer
command-credits-admin-revoke-description = Retirer des crédits à un membre
command-credits-admin-audit = journal
command-credits-admin-audit-description = Attributions et retraits, avec qui et pourquoi
command-credits-admin-member = membre
command-credits-admin-member-description = qui
command-credits-admin-amount = montant
command-credits-admin-amount-description = combien
command-credits-admin-reason = raison
command-credits-admin-reason-description = pourquoi (conservé dans le journal)
command-credits-admin-audit-member-description = uniquement ce membre
command-upscale-admin = agrandir-admin
command-upscale-admin-description = Gérer la file d'attente des agrandissements
command-upscale-admin-queue = file
command-upscale-admin-queue-description = La file d'attente, dans l'ordre d'exécution des tâches
command-upscale-admin-settings = paramètres
command-upscale-admin-settings-description = Prix, allocation et salons de ce serveur
command-upscale-admin-failures = échecs
command-upscale-admin-failures-description = Agrandissements récemment échoués ou annulés
