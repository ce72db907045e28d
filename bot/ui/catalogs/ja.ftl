## upscale-bot, Japanese (日本語): translated from en.ftl.
## Japanese has no plural forms: every number reads the same.

## Durations
duration-seconds = { $count }秒
duration-minutes = { $count }分
duration-hours = { $count }時間

## Progress on the image's message (the server's language)
progress-line = { $member } さんの画像をアップスケール中: { $progress }
progress-running = { $percent }% { $bar }
progress-queued = 待機中
progress-queued-eta = 待機中、約{ $duration }
progress-queued-no-worker = 待機中、{ $model } モデルのワーカーを待っています
progress-queued-at = キューの{ $position }番目
progress-queued-at-eta = キューの{ $position }番目、約{ $duration }
progress-queued-at-no-worker = キューの{ $position }番目、{ $model } モデルのワーカーを待っています
progress-cancelled = アップスケールをキャンセルしました。

## What a generative version was made with
mode-fast = 高速
mode-creative = クリエイティブ
mode-detail = ディテール
preset-subtle = 控えめ
preset-balanced = バランス
preset-creative = クリエイティブ
dial-strength = 強度 { $strength }
dial-preset = プリセット { $preset }
made-with = { $mode } · { $dial }
made-with-seed = { $mode } · { $dial } · シード { $seed }

## The result on the image's message (the server's language) and the receipt (the member's)
delivered = x{ $scale } アップスケール済み · { $input } → { $output } · { $price } クレジット
delivered-made = x{ $scale } アップスケール済み · { $input } → { $output } · { $price } クレジット · { $made }
receipt = 完了: { $size } に x{ $scale } アップスケールしました（{ $price } クレジット）。残高: { $balance } クレジット。
receipt-made = 完了: { $size } に x{ $scale } アップスケールしました（{ $made }、{ $price } クレジット）。残高: { $balance } クレジット。

## Errors (one sentence each)
error-not-admin = この操作はサーバーの管理者のみ行えます。
error-servers-only = この操作はサーバー内でのみ使えます。
error-guild-not-allowed = このサーバーではこのBotが有効になっていません。
error-no-such-job = このサーバーにジョブ #{ $job } はありません。
error-not-your-image = 表示するバージョンを変更できるのは、この画像をアップスケールしたメンバーか管理者のみです。
error-model-not-offered = モデル { $model } はこのBotにインストールされていません。一覧から選んでください。
error-model-not-installed = モデル { $model } はこのBotにインストールされていません。
error-insufficient-credits = { $needed } クレジットが必要ですが、利用可能なのは { $available } クレジットです。
error-image-busy = この画像はすでにアップスケール中です。完了すると更新されます。
error-queue-limit = 待機中のアップスケールがすでに { $limit } 件あります。どれかが終わってからもう一度お試しください。
error-queue-full = キューがいっぱいです。数分後にもう一度お試しください。クレジットは消費されていません。
error-image-too-large = この画像は { $size }（{ $pixels } ピクセル）で、上限の { $limit } ピクセルを超えています。もっと小さい画像でお試しください。
error-file-too-large = ファイルは { $size } で、上限の { $limit } を超えています。
size-kib = { $count } KiB
size-mib = { $count } MiB
error-upscaler-failed = この画像のアップスケールに失敗しました。
error-upscaler-stopped = アップスケーラーが予期せず停止しました。
error-internal = こちら側で問題が発生しました（エラーID { $error_id }）。
failure-crashed = この画像でアップスケーラーが何度も停止したため、ジョブを中止しました。
failure-timeout = アップスケールが { $limit } 秒を超えたため、中止しました。
failure-cancelled = アップスケールはキャンセルされました。
failure-message-gone = アップスケールが終わる前にメッセージが削除されました。結果は /履歴 に保存されています。
failure-undeliverable = アップスケールは完了しましたが、メッセージに投稿できませんでした。結果は /履歴 に保存されています。
failure-refunded = { $credits } クレジットを返金しました。

## The confirmation (the member's language)
kind-fast = アップスケール
kind-creative = クリエイティブアップスケール
kind-detail = ディテールアップスケール
confirm-title = **{ $kind } x{ $scale }** · 約{ $duration }
confirm-not-enough = クレジットが足りません（必要 { $price }、利用可能 { $available }）。
confirm-top-up = クレジットを追加: { $url }
confirm-buy-pack = 下のパックを購入してください。クレジットはこのサーバーのウォレットに入ります。
confirm-ask-admin = クレジットの追加は管理者に依頼してください。
confirm-price = 価格: { $price } クレジット · 残高 { $available } → { $after }
option-fast = x{ $scale } · { $price } クレジット
option-generative = { $mode } x{ $scale } · { $price } クレジット
select-factor = 倍率
select-preset = プリセット
button-confirm = 確定
button-cancel = キャンセル
button-prompt-seed = プロンプトとシード...
confirm-cancelled = キャンセルしました。クレジットは消費されていません。
confirm-gone = その画像はもうメッセージにありません。
confirm-expired = この確認は期限切れです。もう一度「アップスケール」を押してください。
confirm-again = すでに処理中です。このアップスケールは一度だけ確定され、一度だけ課金されます。
confirm-queued = 待機中: キューの{ $position }番目、約{ $duration }。{ $price } クレジットを確保済み、利用可能 { $available }。
confirm-starting = 待機中: まもなく開始します。{ $price } クレジットを確保済み、利用可能 { $available }。
button-cancel-upscale = このアップスケールをキャンセル
button-cancel-job = #{ $job } をキャンセル
job-already-finished = ジョブ #{ $job } はすでに完了しています。
job-cancelled = ジョブ #{ $job } をキャンセルし、返金しました。

## Creative and detail upscales
engine-creative = クリエイティブ（SD x4 upscaler）
engine-detail = ディテール（Real-ESRGAN + SD チェックポイント）
preset-subtle-hint = 元の画像に忠実に、今あるものをシャープに
preset-balanced-hint = 自然なディテールを加える
preset-creative-hint = 新しいディテールを描き足す。細部が変わることも
run-seed = { $engine } · { $dial } · シード { $seed }
run-new-seed = { $engine } · { $dial } · 新しいシード
run-prompt = プロンプト: “{ $prompt }”
run-prompt-yours = プロンプト（あなたの入力）: “{ $prompt }”
run-prompt-message = プロンプト（メッセージから）: “{ $prompt }”
run-prompt-again = プロンプト（前回と同じ）: “{ $prompt }”
run-prompt-image = プロンプト（画像から）: “{ $prompt }”
run-prompt-image-tool = プロンプト（画像の { $tool } メタデータから）: “{ $prompt }”
run-no-prompt = 画像にプロンプトが見つかりません。**プロンプトとシード...** で追加してください。
run-negative = ネガティブ: “{ $prompt }”
form-title = プロンプトとシード
form-prompt = プロンプト
form-prompt-hint = 画像に写っているもの。空欄ならプロンプトなし
form-negative = ネガティブプロンプト
form-negative-hint = 入れたくないもの
form-seed = シード
form-seed-hint = 空欄なら新しいシード
form-strength = 強度 1-9（1 控えめ、9 クリエイティブ）
form-strength-hint = 空欄ならプリセットの値
form-refused = { $problem } 何も変更していません。
bad-prompt-length = プロンプトが { $limit } 文字を超えています。
bad-negative-length = ネガティブプロンプトが { $limit } 文字を超えています。
bad-seed = シードは 0 から { $max } までの整数で指定してください（空欄なら新しいシード）。“{ $value }” は使えません。
bad-strength = 強度は 1 から 9 までの整数で指定してください（空欄ならプリセットの値）。“{ $value }” は使えません。
button-again-same = もう一度（同じシード）
button-again-new = もう一度（新しいシード）
again-not-generative = 今表示されている画像はクリエイティブ／ディテールアップスケールではありません。「アップスケール」を使ってください。

## The image's buttons and posts (the server's language)
button-upscale = アップスケール
button-upscale-again = もう一度アップスケール
button-original = 元画像
button-history = 履歴
button-numbered = { $label } { $number }
upscale-not-image = そのファイルは画像ではありません。
upscale-no-images = そのメッセージには画像がありません。
upscale-posted = { $member } さんの画像
upscale-reply = { $member } さんの画像（アップスケールできます）

## An image's versions
versions-no-earlier = これより前のバージョンはありません。
versions-original = 元画像 · { $size }
versions-none = まだバージョンの記録がありません。
versions-older = …ほか、以前のバージョン { $count } 件
version-original = v{ $version } 元画像 · { $size }
version-restored = v{ $version } v{ $from } を再表示 · { $size }
version-upscale = v{ $version } アップスケール { $number } · { $size }
version-open = [開く]({ $url })
version-shown-now = **表示中**
version-option = v{ $version } · { $size }
version-option-original = 元画像
select-use-version = このバージョンを表示
version-shown-again = { $member } さんがバージョン { $version } を再表示 · { $size } · { $when }
version-restored-reply = 画像はバージョン { $version } を再び表示しています（v{ $recorded } として記録）。

## /credits
credits-header = **残高 { $balance }** · 確保済み { $held } · 利用可能 { $available }
ledger-starting = 初期残高
ledger-grant = 付与
ledger-revoke = 回収
ledger-hold = 確保
ledger-capture = 消費
ledger-release = 返金
ledger-allowance = 定期付与
ledger-purchase = 購入
ledger-refund = 購入の返金
ledger-line = { $when } { $kind } { $amount }
ledger-line-reason = { $when } { $kind } { $amount } · { $reason }
place-line = まだどのサーバーにも追加されていない { $credits } クレジットの購入が { $count } 件あります。それぞれのボタンでこのサーバーのウォレットに追加してください（1回のみ。クレジットは1つのサーバーに残ります）。
place-line-one = まだどのサーバーにも追加されていない { $credits } クレジットの購入があります。ボタンでこのサーバーのウォレットに追加してください（1回のみ。クレジットは1つのサーバーに残ります）。
button-place = { $amount } クレジットをここに追加
place-already-here = この { $amount } クレジットはすでにこのサーバーに追加されています。変更はありません。
place-already-elsewhere = この { $amount } クレジットはすでに別のサーバーに追加されています。変更はありません。
place-added = このサーバーのウォレットに { $amount } クレジットを追加しました。残高: { $balance }。

## /credits-admin (the admin's language) and its audit lines (the server's)
granted = { $member } さんに { $amount } クレジットを付与しました（{ $reason }）。残高: { $balance }。
revoked = { $member } さんから { $amount } クレジットを回収しました（{ $reason }）。残高: { $balance }。
granted-before = { $when } に実行済みです: { $member } さんに { $amount } クレジットを付与。変更はありません。残高 { $balance }。
revoked-before = { $when } に実行済みです: { $member } さんから { $amount } クレジットを回収。変更はありません。残高 { $balance }。
audit-granted = { $actor } が { $member } さんに { $amount } クレジットを付与: { $reason }
audit-revoked = { $actor } が { $member } さんから { $amount } クレジットを回収: { $reason }
audit-none = 付与・回収・購入の記録はまだありません。
audit-header = **付与・回収・購入**（全 { $total } 件、{ $page }/{ $pages } ページ）
audit-header-member = **{ $member } さんの付与・回収・購入**（全 { $total } 件、{ $page }/{ $pages } ページ）
audit-change = { $when } { $actor } { $amount } → { $member } · { $reason }
purchase-marks = SKU { $sku } · エンタイトルメント { $entitlement }
purchase-marks-test = SKU { $sku } · エンタイトルメント { $entitlement } · テスト
audit-purchase = { $member } さんが { $amount } クレジットを購入（{ $marks }）
audit-refund = Discord が { $member } さんの { $amount } クレジットを返金: { $taken } を回収（{ $marks }）
audit-refund-owed = Discord が { $member } さんの { $amount } クレジットを返金: { $taken } を回収、{ $owed } は使用済みのため未回収（{ $marks }）

## /history
history-empty = まだアップスケールの履歴はありません。
history-header = **あなたのアップスケール**（{ $page }/{ $pages } ページ、全 { $total } 件）
history-line = { $when } · { $sizes } · { $price } クレジット · { $link }
history-line-made = { $when } · { $sizes } · { $made } · { $price } クレジット · { $link }

## /upscale-admin queue and failures
page-footer = { $page }/{ $pages } ページ
queue-running = 実行中: { $jobs }
queue-running-more = 実行中: { $jobs } ほか { $more } 件
queue-running-none = 実行中: なし
queue-empty = 待機中のジョブはありません。
queue-line = { $position }. ジョブ #{ $job }（{ $member } さん）· { $model } · 約{ $duration }
failures-none = このサーバーには失敗またはキャンセルされたアップスケールはありません。
failures-header = **失敗・キャンセルされたアップスケール**（{ $page }/{ $pages } ページ、全 { $total } 件）
failures-refunded = { $price } 返金済み
failures-not-charged = 課金なし
failures-error-id = エラーID { $error_id }
state-failed = 失敗
state-cancelled = キャンセル

## /upscale-admin settings
settings-title = **このサーバーの設定**
settings-line = { $label }: { $value }
settings-line-default = { $label }: { $value } · デフォルト
settings-hint = -# 空欄の項目や未選択の項目はデフォルトに戻ります。
settings-saved = 保存しました: { $changes }。
settings-unchanged = 変更はありません。
settings-needs-intent = -# 自動ボタンは他のBotの画像を読み取るため、Message Content インテントが必要です。Botのオーナーが Developer Portal で有効にし、UPSCALE_DISCORD__MESSAGE_CONTENT=true を設定してください。
setting-upscale_price = アップスケールの価格
setting-creative_price = クリエイティブアップスケールの価格
setting-detail_price = ディテールアップスケールの価格
setting-starting_balance = 初期残高
setting-allowance_amount = 定期付与の量
setting-allowance_every_hours = 定期付与の間隔
setting-allowance_cap = 定期付与の上限
setting-auto_button_channels = 自動ボタンのチャンネル
setting-admin_role_id = 管理者ロール
setting-audit_channel_id = 監査チャンネル
setting-top_up_url = チャージ用リンク
setting-language = 言語
setting-allowance = 定期付与
value-credits = { $amount } クレジット
value-every-hours = { $hours } 時間ごと
value-none = なし
value-role-none = なし（サーバー管理権限のみ）
value-language-discord = サーバーの Discord の言語
value-allowance = { $hours } 時間ごとに { $amount } クレジット、上限 { $cap }
value-allowance-off = オフ
audit-setting = { $actor } が { $setting } を { $value } に設定しました（変更前: { $before }）。
audit-setting-default = { $actor } が { $setting } をデフォルトの { $value } に設定しました（変更前: { $before }）。
select-auto-channels = 自動でアップスケールボタンを付けるチャンネル
select-admin-role = 管理者ロール（サーバー管理権限に加えて）
select-audit-channel = 監査チャンネル
select-language = 公開メッセージと監査ログの言語
option-language-discord = サーバーの Discord の言語
button-edit-credits = 価格と残高…
button-edit-allowance = 定期付与…
form-credits-title = 価格と残高
form-allowance-title = 定期付与
field-upscale_price = アップスケールの価格（クレジット）
field-creative_price = クリエイティブの価格（クレジット）
field-detail_price = ディテールの価格（クレジット）
field-starting_balance = 新しいメンバーの初期残高
field-top_up_url = クレジット切れのメンバーに表示するチャージ用リンク
field-allowance_amount = 期間ごとの無料クレジット（0 でオフ）
field-allowance_every_hours = 間隔（時間）
field-allowance_cap = この残高を超えない
field-default = デフォルト: { $value }

## Commands. Names: lower case, no spaces, 1-32 letters, digits, - or _ (Discord's rules);
## the context menu's name may have spaces and capitals.
command-upscale = アップスケール
command-upscale-description = アップスケールボタン付きで画像を投稿し、アップスケールします
command-upscale-image = 画像
command-upscale-image-description = アップスケールする画像
command-upscale-model = モデル
command-upscale-model-description = 使うモデル（デフォルト: サーバーの設定）
command-upscale-image-menu = 画像をアップスケール
command-credits = クレジット
command-credits-description = あなたのクレジット: 残高、確保済み、最近の変動
command-history = 履歴
command-history-description = あなたのアップスケール（新しい順）
command-history-page = ページ
command-history-page-description = ページ番号
command-credits-admin = クレジット管理
command-credits-admin-description = クレジットの付与・回収・監査
command-credits-admin-grant = 付与
command-credits-admin-grant-description = メンバーにクレジットを付与します
command-credits-admin-revoke = 回収
command-credits-admin-revoke-description = メンバーからクレジットを回収します
command-credits-admin-audit = 監査
command-credits-admin-audit-description = 付与と回収の記録（誰が、なぜ）
command-credits-admin-member = メンバー
command-credits-admin-member-description = 対象のメンバー
command-credits-admin-amount = 数量
command-credits-admin-amount-description = クレジット数
command-credits-admin-reason = 理由
command-credits-admin-reason-description = 理由（監査ログに残ります）
command-credits-admin-audit-member-description = このメンバーのみ
command-upscale-admin = アップスケール管理
command-upscale-admin-description = アップスケールのキューを管理します
command-upscale-admin-queue = キュー
command-upscale-admin-queue-description = 実行される順のキュー
command-upscale-admin-settings = 設定
command-upscale-admin-settings-description = このサーバーの価格、定期付与、チャンネル
command-upscale-admin-failures = 失敗
command-upscale-admin-failures-description = 最近失敗・キャンセルされたアップスケール
