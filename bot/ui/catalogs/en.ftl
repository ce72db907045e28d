## upscale-bot, English: the source every other catalog translates.
## One message a line. Variables ($name) are filled in by the bot: numbers ($price, $count,
## $balance...) are formatted for the language; $size is "1920x1080"; $member, $actor and
## $channel are Discord mentions; $when is a Discord timestamp. Keep the markdown (**bold**,
## -# small) and the symbols (·, →, “ ”) where the sentence still reads well with them.

## Durations
duration-seconds = { $count } s
duration-minutes = { $count } min
duration-hours = { $count } h

## Progress on the image's message (the server's language)
progress-line = Upscaling for { $member }: { $progress }
progress-running = { $percent }% { $bar }
progress-queued = queued
progress-queued-eta = queued, about { $duration }
progress-queued-no-worker = queued, waiting for a worker with the { $model } model
progress-queued-at = #{ $position } in queue
progress-queued-at-eta = #{ $position } in queue, about { $duration }
progress-queued-at-no-worker = #{ $position } in queue, waiting for a worker with the { $model } model
progress-cancelled = Upscale cancelled.

## What a generative version was made with
mode-fast = Fast
mode-creative = Creative
mode-detail = Detail
preset-subtle = Subtle
preset-balanced = Balanced
preset-creative = Creative
dial-strength = strength { $strength }
dial-preset = preset { $preset }
made-with = { $mode } · { $dial }
made-with-seed = { $mode } · { $dial } · seed { $seed }

## The result on the image's message (the server's language) and the receipt (the member's)
delivered = Upscaled x{ $scale } · { $input } → { $output } · { $price } credits
delivered-made = Upscaled x{ $scale } · { $input } → { $output } · { $price } credits · { $made }
receipt = Done: upscaled x{ $scale } to { $size } for { $price } credits. Balance: { $balance } credits.
receipt-made = Done: upscaled x{ $scale } to { $size } ({ $made }) for { $price } credits. Balance: { $balance } credits.

## Errors (one sentence each)
error-not-admin = Only server admins can do that.
error-servers-only = This works in servers only.
error-guild-not-allowed = This bot is not enabled in this server.
error-no-such-job = There is no job #{ $job } in this server.
error-not-your-image = Only members who upscaled this image, or admins, can change which version it shows.
error-model-not-offered = The model { $model } is not installed on this bot; pick one from the list.
error-model-not-installed = The model { $model } is not installed on this bot.
error-insufficient-credits = You need { $needed } credits but have { $available } available.
error-image-busy = This image is already being upscaled; it will update when done.
error-queue-limit = You already have { $limit } upscales waiting; try again when one finishes.
error-queue-full = The queue is full; try again in a few minutes. You were not charged.
error-image-too-large = The image is { $size } ({ $pixels } pixels); the limit is { $limit } pixels. Try a smaller image.
error-file-too-large = The file is { $size }, larger than the limit of { $limit }.
size-kib = { $count } KiB
size-mib = { $count } MiB
error-upscaler-failed = The upscaler failed on this image.
error-upscaler-stopped = The upscaler stopped unexpectedly.
error-internal = Something went wrong on our side (error id { $error_id }).
failure-crashed = The upscaler stopped repeatedly on this image and the job was stopped.
failure-timeout = The upscale took longer than { $limit } s and was stopped.
failure-cancelled = The upscale was cancelled.
failure-message-gone = The message was deleted before the upscale finished; the result is saved in /history.
failure-undeliverable = The upscale finished but could not be posted on the message; the result is saved in /history.
failure-refunded = Your { $credits } credits were refunded.

## The confirmation (the member's language)
kind-fast = Upscale
kind-creative = Creative upscale
kind-detail = Detail upscale
confirm-title = **{ $kind } x{ $scale }** · about { $duration }
confirm-not-enough = Not enough credits: { $available } of { $price }.
confirm-top-up = Get more credits: { $url }
confirm-buy-pack = Buy a pack below; the credits land in this server's wallet.
confirm-ask-admin = Ask an admin for more credits.
confirm-price = Price: { $price } credits · balance { $available } → { $after }
option-fast = x{ $scale } · { $price } credits
option-generative = { $mode } x{ $scale } · { $price } credits
select-factor = Upscale factor
select-preset = Preset
button-confirm = Confirm
button-cancel = Cancel
button-prompt-seed = Prompt & seed...
confirm-cancelled = Cancelled. You were not charged.
confirm-gone = That image is no longer on the message.
confirm-expired = This confirmation has expired; click Upscale again.
confirm-again = Already in progress: this upscale was confirmed once and is charged once.
confirm-queued = Queued: #{ $position } in queue, about { $duration }. { $price } credits reserved; available { $available }.
confirm-starting = Queued: starting. { $price } credits reserved; available { $available }.
button-cancel-upscale = Cancel this upscale
button-cancel-job = Cancel #{ $job }
job-already-finished = Job #{ $job } already finished.
job-cancelled = Job #{ $job } cancelled and refunded.

## Creative and detail upscales
engine-creative = Creative (SD x4 upscaler)
engine-detail = Detail (Real-ESRGAN + SD checkpoint)
preset-subtle-hint = stays close to the image, sharpens what is there
preset-balanced-hint = adds plausible detail
preset-creative-hint = invents new detail; may change small things
run-seed = { $engine } · { $dial } · seed { $seed }
run-new-seed = { $engine } · { $dial } · new seed
run-prompt = Prompt: “{ $prompt }”
run-prompt-yours = Prompt (yours): “{ $prompt }”
run-prompt-message = Prompt (from the message): “{ $prompt }”
run-prompt-again = Prompt (as before): “{ $prompt }”
run-prompt-image = Prompt (from the image): “{ $prompt }”
run-prompt-image-tool = Prompt (from the image's { $tool } metadata): “{ $prompt }”
run-no-prompt = No prompt found in the image: add one with **Prompt & seed...**
run-negative = Negative: “{ $prompt }”
form-title = Prompt & seed
form-prompt = Prompt
form-prompt-hint = what the image shows; empty: no prompt
form-negative = Negative prompt
form-negative-hint = what to keep out
form-seed = Seed
form-seed-hint = empty: a new seed
form-strength = Strength 1-9 (1 subtle, 9 creative)
form-strength-hint = empty: the preset
form-refused = { $problem } Nothing was changed.
bad-prompt-length = The prompt is longer than { $limit } characters.
bad-negative-length = The negative prompt is longer than { $limit } characters.
bad-seed = The seed must be a whole number from 0 to { $max }, or empty for a new one; “{ $value }” is not.
bad-strength = Strength must be a whole number from 1 to 9, or empty for the preset; “{ $value }” is not.
button-again-same = Again (same seed)
button-again-new = Again (new seed)
again-not-generative = The image shown now is not a creative or detail upscale; use Upscale.

## The image's buttons and posts (the server's language)
button-upscale = Upscale
button-upscale-again = Upscale again
button-original = Original
button-history = History
button-numbered = { $label } { $number }
upscale-not-image = That file is not an image.
upscale-no-images = That message has no images.
upscale-posted = Image from { $member }
upscale-reply = Images from { $member }, ready to upscale

## An image's versions
versions-no-earlier = There is no earlier version.
versions-original = Original · { $size }
versions-none = No versions recorded yet.
versions-older = … and { $count } older
version-original = v{ $version } original · { $size }
version-restored = v{ $version } v{ $from } shown again · { $size }
version-upscale = v{ $version } upscale { $number } · { $size }
version-open = [open]({ $url })
version-shown-now = **shown now**
version-option = v{ $version } · { $size }
version-option-original = the original
select-use-version = Use this version
version-shown-again = Version { $version } shown again by { $member } · { $size } · { $when }
version-restored-reply = The image shows version { $version } again (recorded as v{ $recorded }).

## /credits
credits-header = **Balance { $balance }** · reserved { $held } · available { $available }
ledger-starting = starting balance
ledger-grant = granted
ledger-revoke = revoked
ledger-hold = reserved
ledger-capture = spent
ledger-release = refunded
ledger-allowance = allowance
ledger-purchase = bought
ledger-refund = refund of a purchase
ledger-line = { $when } { $kind } { $amount }
ledger-line-reason = { $when } { $kind } { $amount } · { $reason }
place-line = You have { $count } purchases of { $credits } credits not yet in any server: add each to this server's wallet with its button (once; credits stay in one server).
place-line-one = You have a purchase of { $credits } credits not yet in any server: add each to this server's wallet with its button (once; credits stay in one server).
button-place = Add { $amount } credits here
place-already-here = Those { $amount } credits were already added to this server. Nothing changed.
place-already-elsewhere = Those { $amount } credits were already added to another server. Nothing changed.
place-added = Added { $amount } credits to your wallet in this server. Balance: { $balance }.

## /credits-admin (the admin's language) and its audit lines (the server's)
granted = Granted { $amount } credits to { $member } ({ $reason }). Balance: { $balance }.
revoked = Revoked { $amount } credits from { $member } ({ $reason }). Balance: { $balance }.
granted-before = Already done at { $when }: granted { $amount } credits to { $member }. Nothing changed; balance { $balance }.
revoked-before = Already done at { $when }: revoked { $amount } credits from { $member }. Nothing changed; balance { $balance }.
audit-granted = { $actor } granted { $amount } credits to { $member }: { $reason }
audit-revoked = { $actor } revoked { $amount } credits from { $member }: { $reason }
audit-none = No grants, revokes or purchases yet.
audit-header = **Grants, revokes and purchases** ({ $total } in all, page { $page }/{ $pages })
audit-header-member = **Grants, revokes and purchases for { $member }** ({ $total } in all, page { $page }/{ $pages })
audit-change = { $when } { $actor } { $amount } → { $member } · { $reason }
purchase-marks = SKU { $sku } · entitlement { $entitlement }
purchase-marks-test = SKU { $sku } · entitlement { $entitlement } · test
audit-purchase = { $member } bought { $amount } credits ({ $marks })
audit-refund = Discord refunded { $member }'s { $amount } credits: { $taken } taken back ({ $marks })
audit-refund-owed = Discord refunded { $member }'s { $amount } credits: { $taken } taken back; { $owed } already spent, owed ({ $marks })

## /history
history-empty = You have no upscales yet.
history-header = **Your upscales** (page { $page }/{ $pages }, { $total } in all)
history-line = { $when } · { $sizes } · { $price } credits · { $link }
history-line-made = { $when } · { $sizes } · { $made } · { $price } credits · { $link }

## /upscale-admin queue and failures
page-footer = page { $page }/{ $pages }
queue-running = Running: { $jobs }
queue-running-more = Running: { $jobs } and { $more } more
queue-running-none = Running: none
queue-empty = Nothing is waiting.
queue-line = { $position }. job #{ $job } for { $member } · { $model } · about { $duration }
failures-none = No failed or cancelled upscales in this server.
failures-header = **Failed and cancelled upscales** (page { $page }/{ $pages }, { $total } in all)
failures-refunded = refunded { $price }
failures-not-charged = not charged
failures-error-id = error id { $error_id }
state-failed = failed
state-cancelled = cancelled

## /upscale-admin settings
settings-title = **Settings for this server**
settings-line = { $label }: { $value }
settings-line-default = { $label }: { $value } · default
settings-hint = -# Blank fields and empty selections go back to the default.
settings-saved = Saved: { $changes }.
settings-unchanged = Nothing changed.
settings-needs-intent = -# Automatic buttons read other bots' images, which needs the Message Content intent: the bot's owner enables it in the Developer Portal and sets UPSCALE_DISCORD__MESSAGE_CONTENT=true.
setting-upscale_price = Upscale price
setting-creative_price = Creative upscale price
setting-detail_price = Detail upscale price
setting-starting_balance = Starting balance
setting-allowance_amount = Allowance amount
setting-allowance_every_hours = Allowance period
setting-allowance_cap = Allowance cap
setting-auto_button_channels = Automatic buttons in
setting-admin_role_id = Admin role
setting-audit_channel_id = Audit channel
setting-top_up_url = Top-up link
setting-language = Language
setting-allowance = Allowance
value-credits = { $amount } credits
value-every-hours = every { $hours } h
value-none = none
value-role-none = none (Manage Server only)
value-language-discord = the server's Discord language
value-allowance = { $amount } credits every { $hours } h, up to { $cap }
value-allowance-off = off
audit-setting = { $actor } set { $setting } to { $value } (was { $before }).
audit-setting-default = { $actor } set { $setting } to { $value }, the default (was { $before }).
select-auto-channels = Channels with automatic Upscale buttons
select-admin-role = Admin role (besides Manage Server)
select-audit-channel = Audit channel
select-language = Language of public and audit lines
option-language-discord = The server's Discord language
button-edit-credits = Prices and balance…
button-edit-allowance = Allowance…
form-credits-title = Prices and balance
form-allowance-title = Allowance
field-upscale_price = Upscale price (credits)
field-creative_price = Creative upscale price (credits)
field-detail_price = Detail upscale price (credits)
field-starting_balance = Starting balance of new members
field-top_up_url = Top-up link shown to members who run out
field-allowance_amount = Free credits each period (0 turns it off)
field-allowance_every_hours = Period, in hours
field-allowance_cap = Never above this balance
field-default = default: { $value }

## Commands. Names: lower case, no spaces, 1-32 letters, digits, - or _ (Discord's rules);
## the context menu's name may have spaces and capitals.
command-upscale = upscale
command-upscale-description = Post an image with an Upscale button and upscale it
command-upscale-image = image
command-upscale-image-description = the image to upscale
command-upscale-model = model
command-upscale-model-description = which model (default: the server's)
command-upscale-image-menu = Upscale image
command-credits = credits
command-credits-description = Your credits: balance, reserved, and recent changes
command-history = history
command-history-description = Your upscales, newest first
command-history-page = page
command-history-page-description = page number
command-credits-admin = credits-admin
command-credits-admin-description = Grant, revoke and audit credits
command-credits-admin-grant = grant
command-credits-admin-grant-description = Give a member credits
command-credits-admin-revoke = revoke
command-credits-admin-revoke-description = Take credits from a member
command-credits-admin-audit = audit
command-credits-admin-audit-description = Grants and revokes, with who and why
command-credits-admin-member = member
command-credits-admin-member-description = who
command-credits-admin-amount = amount
command-credits-admin-amount-description = how many
command-credits-admin-reason = reason
command-credits-admin-reason-description = why (kept in the audit)
command-credits-admin-audit-member-description = only this member
command-upscale-admin = upscale-admin
command-upscale-admin-description = Manage the upscale queue
command-upscale-admin-queue = queue
command-upscale-admin-queue-description = The queue, in the order jobs will run
command-upscale-admin-settings = settings
command-upscale-admin-settings-description = This server's prices, allowance and channels
command-upscale-admin-failures = failures
command-upscale-admin-failures-description = Recent failed and cancelled upscales
