## upscale-bot, Simplified Chinese (简体中文): translated from en.ftl.
## Chinese has no plural forms: every number reads the same.

## Durations
duration-seconds = { $count } 秒
duration-minutes = { $count } 分钟
duration-hours = { $count } 小时

## Progress on the image's message (the server's language)
progress-line = 正在为 { $member } 放大：{ $progress }
progress-running = { $percent }% { $bar }
progress-queued = 排队中
progress-queued-eta = 排队中，约 { $duration }
progress-queued-no-worker = 排队中，正在等待装有 { $model } 模型的工作节点
progress-queued-at = 队列第 { $position } 位
progress-queued-at-eta = 队列第 { $position } 位，约 { $duration }
progress-queued-at-no-worker = 队列第 { $position } 位，正在等待装有 { $model } 模型的工作节点
progress-cancelled = 放大已取消。

## What a generative version was made with
mode-fast = 快速
mode-creative = 创意
mode-detail = 细节
preset-subtle = 轻微
preset-balanced = 均衡
preset-creative = 创意
dial-strength = 强度 { $strength }
dial-preset = 预设 { $preset }
made-with = { $mode } · { $dial }
made-with-seed = { $mode } · { $dial } · 种子 { $seed }

## The result on the image's message (the server's language) and the receipt (the member's)
delivered = 已放大 x{ $scale } · { $input } → { $output } · { $price } 积分
delivered-made = 已放大 x{ $scale } · { $input } → { $output } · { $price } 积分 · { $made }
receipt = 完成：已放大 x{ $scale } 至 { $size }，花费 { $price } 积分。余额：{ $balance } 积分。
receipt-made = 完成：已放大 x{ $scale } 至 { $size }（{ $made }），花费 { $price } 积分。余额：{ $balance } 积分。

## Errors (one sentence each)
error-not-admin = 只有服务器管理员可以执行此操作。
error-servers-only = 此功能仅在服务器中可用。
error-guild-not-allowed = 此服务器未启用本机器人。
error-no-such-job = 此服务器中没有任务 #{ $job }。
error-not-your-image = 只有放大过这张图片的成员或管理员才能更改它显示的版本。
error-model-not-offered = 本机器人未安装模型 { $model }，请从列表中选择一个。
error-model-not-installed = 本机器人未安装模型 { $model }。
error-insufficient-credits = 需要 { $needed } 积分，但你只有 { $available } 积分可用。
error-image-busy = 这张图片正在放大中，完成后会自动更新。
error-queue-limit = 你已有 { $limit } 个放大任务在等待，请等其中一个完成后再试。
error-queue-full = 队列已满，请几分钟后再试。未扣除积分。
error-image-too-large = 这张图片为 { $size }（{ $pixels } 像素），上限为 { $limit } 像素。请换一张更小的图片。
error-upscaler-failed = 放大这张图片失败。
error-upscaler-stopped = 放大程序意外停止。
error-internal = 我们这边出了点问题（错误 ID { $error_id }）。
failure-crashed = 放大程序在这张图片上多次停止，任务已终止。
failure-timeout = 放大耗时超过 { $limit } 秒，已停止。
failure-cancelled = 放大已取消。
failure-message-gone = 放大完成前消息已被删除；结果已保存在 /历史 中。
failure-undeliverable = 放大已完成，但无法发布到该消息上；结果已保存在 /历史 中。
failure-refunded = 已退还你的 { $credits } 积分。

## The confirmation (the member's language)
kind-fast = 放大
kind-creative = 创意放大
kind-detail = 细节放大
confirm-title = **{ $kind } x{ $scale }** · 约 { $duration }
confirm-not-enough = 积分不足：{ $available } / { $price }。
confirm-top-up = 获取更多积分：{ $url }
confirm-buy-pack = 请在下方购买积分包，积分将存入此服务器的钱包。
confirm-ask-admin = 请联系管理员获取更多积分。
confirm-price = 价格：{ $price } 积分 · 余额 { $available } → { $after }
option-fast = x{ $scale } · { $price } 积分
option-generative = { $mode } x{ $scale } · { $price } 积分
select-factor = 放大倍数
select-preset = 预设
button-confirm = 确认
button-cancel = 取消
button-prompt-seed = 提示词和种子...
confirm-cancelled = 已取消。未扣除积分。
confirm-gone = 该消息上已没有这张图片。
confirm-expired = 此确认已过期，请再次点击“放大”。
confirm-again = 已在处理中：此放大只确认一次，也只扣费一次。
confirm-queued = 已排队：队列第 { $position } 位，约 { $duration }。已预留 { $price } 积分，可用 { $available }。
confirm-starting = 已排队：即将开始。已预留 { $price } 积分，可用 { $available }。
button-cancel-upscale = 取消此次放大
button-cancel-job = 取消 #{ $job }
job-already-finished = 任务 #{ $job } 已完成。
job-cancelled = 任务 #{ $job } 已取消并退款。

## Creative and detail upscales
engine-creative = 创意（SD x4 upscaler）
engine-detail = 细节（Real-ESRGAN + SD 模型检查点）
preset-subtle-hint = 贴近原图，锐化已有内容
preset-balanced-hint = 添加合理的细节
preset-creative-hint = 创造新细节；可能改变细小之处
run-seed = { $engine } · { $dial } · 种子 { $seed }
run-new-seed = { $engine } · { $dial } · 新种子
run-prompt = 提示词：“{ $prompt }”
run-prompt-yours = 提示词（你填写的）：“{ $prompt }”
run-prompt-message = 提示词（来自消息）：“{ $prompt }”
run-prompt-again = 提示词（同上次）：“{ $prompt }”
run-prompt-image = 提示词（来自图片）：“{ $prompt }”
run-prompt-image-tool = 提示词（来自图片的 { $tool } 元数据）：“{ $prompt }”
run-no-prompt = 图片中未找到提示词：可通过 **提示词和种子...** 添加。
run-negative = 反向：“{ $prompt }”
form-title = 提示词和种子
form-prompt = 提示词
form-prompt-hint = 图片的内容；留空：不使用提示词
form-negative = 反向提示词
form-negative-hint = 不想出现的内容
form-seed = 种子
form-seed-hint = 留空：使用新种子
form-strength = 强度 1-9（1 轻微，9 创意）
form-strength-hint = 留空：使用预设
form-refused = { $problem } 未做任何更改。
bad-prompt-length = 提示词超过了 { $limit } 个字符。
bad-negative-length = 反向提示词超过了 { $limit } 个字符。
bad-seed = 种子必须是 0 到 { $max } 之间的整数，或留空以使用新种子；“{ $value }”不符合要求。
bad-strength = 强度必须是 1 到 9 之间的整数，或留空以使用预设；“{ $value }”不符合要求。
button-again-same = 再来一次（相同种子）
button-again-new = 再来一次（新种子）
again-not-generative = 当前显示的图片不是创意放大或细节放大的结果；请使用“放大”。

## The image's buttons and posts (the server's language)
button-upscale = 放大
button-upscale-again = 再次放大
button-original = 原图
button-history = 历史
button-numbered = { $label } { $number }
upscale-not-image = 该文件不是图片。
upscale-no-images = 该消息中没有图片。
upscale-posted = 来自 { $member } 的图片
upscale-reply = 来自 { $member } 的图片，可以放大

## An image's versions
versions-no-earlier = 没有更早的版本。
versions-original = 原图 · { $size }
versions-none = 尚无版本记录。
versions-older = … 以及 { $count } 个更早的版本
version-original = v{ $version } 原图 · { $size }
version-restored = v{ $version } 重新显示 v{ $from } · { $size }
version-upscale = v{ $version } 放大 { $number } · { $size }
version-open = [打开]({ $url })
version-shown-now = **当前显示**
version-option = v{ $version } · { $size }
version-option-original = 原图
select-use-version = 使用此版本
version-shown-again = { $member } 重新显示了版本 { $version } · { $size } · { $when }
version-restored-reply = 图片重新显示版本 { $version }（记录为 v{ $recorded }）。

## /credits
credits-header = **余额 { $balance }** · 预留 { $held } · 可用 { $available }
ledger-starting = 初始余额
ledger-grant = 发放
ledger-revoke = 收回
ledger-hold = 预留
ledger-capture = 消费
ledger-release = 退还
ledger-allowance = 定期发放
ledger-purchase = 购买
ledger-refund = 购买退款
ledger-line = { $when } { $kind } { $amount }
ledger-line-reason = { $when } { $kind } { $amount } · { $reason }
place-line = 你有 { $count } 笔 { $credits } 积分的购买尚未存入任何服务器：请用各自的按钮将其存入此服务器的钱包（仅一次；积分只会留在一个服务器中）。
place-line-one = 你有一笔 { $credits } 积分的购买尚未存入任何服务器：请用它的按钮将其存入此服务器的钱包（仅一次；积分只会留在一个服务器中）。
button-place = 将 { $amount } 积分存入此处
place-already-here = 这 { $amount } 积分已存入此服务器。未做任何更改。
place-already-elsewhere = 这 { $amount } 积分已存入另一个服务器。未做任何更改。
place-added = 已将 { $amount } 积分存入你在此服务器的钱包。余额：{ $balance }。

## /credits-admin (the admin's language) and its audit lines (the server's)
granted = 已向 { $member } 发放 { $amount } 积分（{ $reason }）。余额：{ $balance }。
revoked = 已从 { $member } 收回 { $amount } 积分（{ $reason }）。余额：{ $balance }。
granted-before = 已于 { $when } 完成：向 { $member } 发放 { $amount } 积分。未做任何更改；余额 { $balance }。
revoked-before = 已于 { $when } 完成：从 { $member } 收回 { $amount } 积分。未做任何更改；余额 { $balance }。
audit-granted = { $actor } 向 { $member } 发放了 { $amount } 积分：{ $reason }
audit-revoked = { $actor } 从 { $member } 收回了 { $amount } 积分：{ $reason }
audit-none = 尚无发放、收回或购买记录。
audit-header = **发放、收回和购买**（共 { $total } 条，第 { $page }/{ $pages } 页）
audit-header-member = **{ $member } 的发放、收回和购买**（共 { $total } 条，第 { $page }/{ $pages } 页）
audit-change = { $when } { $actor } { $amount } → { $member } · { $reason }
purchase-marks = SKU { $sku } · 权益 { $entitlement }
purchase-marks-test = SKU { $sku } · 权益 { $entitlement } · 测试
audit-purchase = { $member } 购买了 { $amount } 积分（{ $marks }）
audit-refund = Discord 已为 { $member } 的 { $amount } 积分退款：收回 { $taken }（{ $marks }）
audit-refund-owed = Discord 已为 { $member } 的 { $amount } 积分退款：收回 { $taken }；{ $owed } 已被使用，记为欠款（{ $marks }）

## /history
history-empty = 你还没有放大记录。
history-header = **你的放大记录**（第 { $page }/{ $pages } 页，共 { $total } 条）
history-line = { $when } · { $sizes } · { $price } 积分 · { $link }
history-line-made = { $when } · { $sizes } · { $made } · { $price } 积分 · { $link }

## /upscale-admin queue and failures
page-footer = 第 { $page }/{ $pages } 页
queue-running = 运行中：{ $jobs }
queue-running-more = 运行中：{ $jobs }，另有 { $more } 个
queue-running-none = 运行中：无
queue-empty = 没有等待中的任务。
queue-line = { $position }. 任务 #{ $job }，{ $member } · { $model } · 约 { $duration }
failures-none = 此服务器没有失败或已取消的放大。
failures-header = **失败和已取消的放大**（第 { $page }/{ $pages } 页，共 { $total } 条）
failures-refunded = 已退还 { $price }
failures-not-charged = 未扣费
failures-error-id = 错误 ID { $error_id }
state-failed = 失败
state-cancelled = 已取消

## /upscale-admin settings
settings-title = **此服务器的设置**
settings-line = { $label }：{ $value }
settings-line-default = { $label }：{ $value } · 默认
settings-hint = -# 留空的字段和未选择的选项将恢复为默认值。
settings-saved = 已保存：{ $changes }。
settings-unchanged = 未做任何更改。
settings-needs-intent = -# 自动按钮需要读取其他机器人的图片，因此需要 Message Content 意图：请机器人所有者在 Developer Portal 中启用它，并设置 UPSCALE_DISCORD__MESSAGE_CONTENT=true。
setting-upscale_price = 放大价格
setting-creative_price = 创意放大价格
setting-detail_price = 细节放大价格
setting-starting_balance = 初始余额
setting-allowance_amount = 定期发放数量
setting-allowance_every_hours = 定期发放周期
setting-allowance_cap = 定期发放上限
setting-auto_button_channels = 自动按钮频道
setting-admin_role_id = 管理员身份组
setting-audit_channel_id = 审计频道
setting-top_up_url = 充值链接
setting-language = 语言
setting-allowance = 定期发放
value-credits = { $amount } 积分
value-every-hours = 每 { $hours } 小时
value-none = 无
value-role-none = 无（仅限“管理服务器”权限）
value-language-discord = 服务器的 Discord 语言
value-allowance = 每 { $hours } 小时 { $amount } 积分，最多 { $cap }
value-allowance-off = 关闭
audit-setting = { $actor } 将 { $setting } 设为 { $value }（原为 { $before }）。
audit-setting-default = { $actor } 将 { $setting } 设为默认值 { $value }（原为 { $before }）。
select-auto-channels = 自动添加放大按钮的频道
select-admin-role = 管理员身份组（“管理服务器”权限之外）
select-audit-channel = 审计频道
select-language = 公开消息和审计记录的语言
option-language-discord = 服务器的 Discord 语言
button-edit-credits = 价格和余额…
button-edit-allowance = 定期发放…
form-credits-title = 价格和余额
form-allowance-title = 定期发放
field-upscale_price = 放大价格（积分）
field-creative_price = 创意放大价格（积分）
field-detail_price = 细节放大价格（积分）
field-starting_balance = 新成员的初始余额
field-top_up_url = 向积分用完的成员显示的充值链接
field-allowance_amount = 每个周期的免费积分（0 为关闭）
field-allowance_every_hours = 周期（小时）
field-allowance_cap = 余额不超过此值
field-default = 默认：{ $value }

## Commands. Names: lower case, no spaces, 1-32 letters, digits, - or _ (Discord's rules);
## the context menu's name may have spaces and capitals.
command-upscale = 放大
command-upscale-description = 发布带有放大按钮的图片并将其放大
command-upscale-image = 图片
command-upscale-image-description = 要放大的图片
command-upscale-model = 模型
command-upscale-model-description = 使用哪个模型（默认：服务器的设置）
command-upscale-image-menu = 放大图片
command-credits = 积分
command-credits-description = 你的积分：余额、预留和最近变动
command-history = 历史
command-history-description = 你的放大记录，最新的在前
command-history-page = 页码
command-history-page-description = 页码
command-credits-admin = 积分管理
command-credits-admin-description = 发放、收回和审计积分
command-credits-admin-grant = 发放
command-credits-admin-grant-description = 给成员发放积分
command-credits-admin-revoke = 收回
command-credits-admin-revoke-description = 从成员处收回积分
command-credits-admin-audit = 审计
command-credits-admin-audit-description = 发放和收回记录，包括操作人和原因
command-credits-admin-member = 成员
command-credits-admin-member-description = 哪位成员
command-credits-admin-amount = 数量
command-credits-admin-amount-description = 多少积分
command-credits-admin-reason = 原因
command-credits-admin-reason-description = 原因（记录在审计中）
command-credits-admin-audit-member-description = 仅此成员
command-upscale-admin = 放大管理
command-upscale-admin-description = 管理放大队列
command-upscale-admin-queue = 队列
command-upscale-admin-queue-description = 按运行顺序排列的队列
command-upscale-admin-settings = 设置
command-upscale-admin-settings-description = 此服务器的价格、定期发放和频道
command-upscale-admin-failures = 失败记录
command-upscale-admin-failures-description = 最近失败和已取消的放大
