## upscale-bot, Korean (한국어): translated from en.ftl.
## Korean has no plural forms: every number reads the same.

## Durations
duration-seconds = { $count }초
duration-minutes = { $count }분
duration-hours = { $count }시간

## Progress on the image's message (the server's language)
progress-line = { $member }님의 이미지 업스케일 중: { $progress }
progress-running = { $percent }% { $bar }
progress-queued = 대기 중
progress-queued-eta = 대기 중, 약 { $duration }
progress-queued-no-worker = 대기 중, { $model } 모델이 있는 워커를 기다리는 중
progress-queued-at = 대기열 { $position }번째
progress-queued-at-eta = 대기열 { $position }번째, 약 { $duration }
progress-queued-at-no-worker = 대기열 { $position }번째, { $model } 모델이 있는 워커를 기다리는 중
progress-cancelled = 업스케일이 취소되었습니다.

## What a generative version was made with
mode-fast = 고속
mode-creative = 크리에이티브
mode-detail = 디테일
preset-subtle = 약하게
preset-balanced = 균형
preset-creative = 크리에이티브
dial-strength = 강도 { $strength }
dial-preset = 프리셋 { $preset }
made-with = { $mode } · { $dial }
made-with-seed = { $mode } · { $dial } · 시드 { $seed }

## The result on the image's message (the server's language) and the receipt (the member's)
delivered = x{ $scale } 업스케일 완료 · { $input } → { $output } · { $price } 크레딧
delivered-made = x{ $scale } 업스케일 완료 · { $input } → { $output } · { $price } 크레딧 · { $made }
receipt = 완료: { $size }(으)로 x{ $scale } 업스케일했습니다. 사용: { $price } 크레딧. 잔액: { $balance } 크레딧.
receipt-made = 완료: { $size }(으)로 x{ $scale } 업스케일했습니다({ $made }). 사용: { $price } 크레딧. 잔액: { $balance } 크레딧.

## Errors (one sentence each)
error-not-admin = 서버 관리자만 할 수 있습니다.
error-servers-only = 서버에서만 사용할 수 있습니다.
error-guild-not-allowed = 이 서버에서는 이 봇이 활성화되어 있지 않습니다.
error-no-such-job = 이 서버에 작업 #{ $job }이(가) 없습니다.
error-not-your-image = 이 이미지에 표시할 버전은 이미지를 업스케일한 멤버나 관리자만 바꿀 수 있습니다.
error-model-not-offered = { $model } 모델은 이 봇에 설치되어 있지 않습니다. 목록에서 골라 주세요.
error-model-not-installed = { $model } 모델은 이 봇에 설치되어 있지 않습니다.
error-insufficient-credits = { $needed } 크레딧이 필요하지만 사용 가능한 크레딧은 { $available }입니다.
error-image-busy = 이 이미지는 이미 업스케일 중입니다. 끝나면 업데이트됩니다.
error-queue-limit = 이미 대기 중인 업스케일이 { $limit }개 있습니다. 하나가 끝난 뒤 다시 시도해 주세요.
error-queue-full = 대기열이 가득 찼습니다. 몇 분 후에 다시 시도해 주세요. 크레딧은 차감되지 않았습니다.
error-image-too-large = 이미지가 { $size }({ $pixels }픽셀)로, 한도인 { $limit }픽셀을 넘습니다. 더 작은 이미지로 시도해 주세요.
error-upscaler-failed = 이 이미지의 업스케일에 실패했습니다.
error-upscaler-stopped = 업스케일러가 예기치 않게 멈췄습니다.
error-internal = 저희 쪽에서 문제가 발생했습니다(오류 ID { $error_id }).
failure-crashed = 이 이미지에서 업스케일러가 여러 번 멈춰 작업을 중단했습니다.
failure-timeout = 업스케일이 { $limit }초를 넘겨 중단되었습니다.
failure-cancelled = 업스케일이 취소되었습니다.
failure-message-gone = 업스케일이 끝나기 전에 메시지가 삭제되었습니다. 결과는 /기록 에 저장되어 있습니다.
failure-undeliverable = 업스케일은 끝났지만 메시지에 게시하지 못했습니다. 결과는 /기록 에 저장되어 있습니다.
failure-refunded = { $credits } 크레딧이 환불되었습니다.

## The confirmation (the member's language)
kind-fast = 업스케일
kind-creative = 크리에이티브 업스케일
kind-detail = 디테일 업스케일
confirm-title = **{ $kind } x{ $scale }** · 약 { $duration }
confirm-not-enough = 크레딧이 부족합니다: { $price } 중 { $available }.
confirm-top-up = 크레딧 충전: { $url }
confirm-buy-pack = 아래에서 팩을 구매하세요. 크레딧은 이 서버의 지갑에 들어갑니다.
confirm-ask-admin = 관리자에게 크레딧을 더 요청하세요.
confirm-price = 가격: { $price } 크레딧 · 잔액 { $available } → { $after }
option-fast = x{ $scale } · { $price } 크레딧
option-generative = { $mode } x{ $scale } · { $price } 크레딧
select-factor = 배율
select-preset = 프리셋
button-confirm = 확인
button-cancel = 취소
button-prompt-seed = 프롬프트 및 시드...
confirm-cancelled = 취소되었습니다. 크레딧은 차감되지 않았습니다.
confirm-gone = 그 이미지는 더 이상 메시지에 없습니다.
confirm-expired = 확인 시간이 지났습니다. 업스케일을 다시 눌러 주세요.
confirm-again = 이미 진행 중입니다. 이 업스케일은 한 번만 확인되었고 한 번만 결제됩니다.
confirm-queued = 대기 중: 대기열 { $position }번째, 약 { $duration }. { $price } 크레딧 예약됨, 사용 가능 { $available }.
confirm-starting = 대기 중: 곧 시작합니다. { $price } 크레딧 예약됨, 사용 가능 { $available }.
button-cancel-upscale = 이 업스케일 취소
button-cancel-job = #{ $job } 취소
job-already-finished = 작업 #{ $job }은(는) 이미 끝났습니다.
job-cancelled = 작업 #{ $job }을(를) 취소하고 환불했습니다.

## Creative and detail upscales
engine-creative = 크리에이티브(SD x4 upscaler)
engine-detail = 디테일(Real-ESRGAN + SD 체크포인트)
preset-subtle-hint = 원본에 가깝게, 있는 것을 선명하게
preset-balanced-hint = 자연스러운 디테일을 더함
preset-creative-hint = 새 디테일을 만들어 냄. 작은 부분이 바뀔 수 있음
run-seed = { $engine } · { $dial } · 시드 { $seed }
run-new-seed = { $engine } · { $dial } · 새 시드
run-prompt = 프롬프트: “{ $prompt }”
run-prompt-yours = 프롬프트(직접 입력): “{ $prompt }”
run-prompt-message = 프롬프트(메시지에서): “{ $prompt }”
run-prompt-again = 프롬프트(이전과 동일): “{ $prompt }”
run-prompt-image = 프롬프트(이미지에서): “{ $prompt }”
run-prompt-image-tool = 프롬프트(이미지의 { $tool } 메타데이터에서): “{ $prompt }”
run-no-prompt = 이미지에서 프롬프트를 찾지 못했습니다. **프롬프트 및 시드...**로 추가하세요.
run-negative = 네거티브: “{ $prompt }”
form-title = 프롬프트 및 시드
form-prompt = 프롬프트
form-prompt-hint = 이미지의 내용. 비우면 프롬프트 없음
form-negative = 네거티브 프롬프트
form-negative-hint = 넣고 싶지 않은 것
form-seed = 시드
form-seed-hint = 비우면 새 시드
form-strength = 강도 1-9(1 약하게, 9 크리에이티브)
form-strength-hint = 비우면 프리셋 값
form-refused = { $problem } 아무것도 바뀌지 않았습니다.
bad-prompt-length = 프롬프트가 { $limit }자를 넘습니다.
bad-negative-length = 네거티브 프롬프트가 { $limit }자를 넘습니다.
bad-seed = 시드는 0부터 { $max }까지의 정수이거나, 새 시드를 쓰려면 비워 두어야 합니다. “{ $value }”은(는) 사용할 수 없습니다.
bad-strength = 강도는 1부터 9까지의 정수이거나, 프리셋 값을 쓰려면 비워 두어야 합니다. “{ $value }”은(는) 사용할 수 없습니다.
button-again-same = 다시(같은 시드)
button-again-new = 다시(새 시드)
again-not-generative = 지금 표시된 이미지는 크리에이티브나 디테일 업스케일이 아닙니다. 업스케일을 사용하세요.

## The image's buttons and posts (the server's language)
button-upscale = 업스케일
button-upscale-again = 다시 업스케일
button-original = 원본
button-history = 기록
button-numbered = { $label } { $number }
upscale-not-image = 그 파일은 이미지가 아닙니다.
upscale-no-images = 그 메시지에는 이미지가 없습니다.
upscale-posted = { $member }님의 이미지
upscale-reply = { $member }님의 이미지, 업스케일할 수 있습니다

## An image's versions
versions-no-earlier = 이전 버전이 없습니다.
versions-original = 원본 · { $size }
versions-none = 아직 기록된 버전이 없습니다.
versions-older = … 외 이전 버전 { $count }개
version-original = v{ $version } 원본 · { $size }
version-restored = v{ $version } v{ $from } 다시 표시 · { $size }
version-upscale = v{ $version } 업스케일 { $number } · { $size }
version-open = [열기]({ $url })
version-shown-now = **현재 표시 중**
version-option = v{ $version } · { $size }
version-option-original = 원본
select-use-version = 이 버전 사용
version-shown-again = { $member }님이 버전 { $version }을(를) 다시 표시함 · { $size } · { $when }
version-restored-reply = 이미지에 버전 { $version }이(가) 다시 표시됩니다(v{ $recorded }(으)로 기록됨).

## /credits
credits-header = **잔액 { $balance }** · 예약 { $held } · 사용 가능 { $available }
ledger-starting = 시작 잔액
ledger-grant = 지급
ledger-revoke = 회수
ledger-hold = 예약
ledger-capture = 사용
ledger-release = 환불
ledger-allowance = 정기 지급
ledger-purchase = 구매
ledger-refund = 구매 환불
ledger-line = { $when } { $kind } { $amount }
ledger-line-reason = { $when } { $kind } { $amount } · { $reason }
place-line = 아직 어느 서버에도 추가되지 않은 { $credits } 크레딧 구매가 { $count }건 있습니다. 각 버튼으로 이 서버의 지갑에 추가하세요(한 번만 가능하며, 크레딧은 한 서버에만 남습니다).
place-line-one = 아직 어느 서버에도 추가되지 않은 { $credits } 크레딧 구매가 있습니다. 버튼으로 이 서버의 지갑에 추가하세요(한 번만 가능하며, 크레딧은 한 서버에만 남습니다).
button-place = 여기에 { $amount } 크레딧 추가
place-already-here = 이 { $amount } 크레딧은 이미 이 서버에 추가되었습니다. 변경된 것은 없습니다.
place-already-elsewhere = 이 { $amount } 크레딧은 이미 다른 서버에 추가되었습니다. 변경된 것은 없습니다.
place-added = 이 서버의 지갑에 { $amount } 크레딧을 추가했습니다. 잔액: { $balance }.

## /credits-admin (the admin's language) and its audit lines (the server's)
granted = { $member }님에게 { $amount } 크레딧을 지급했습니다({ $reason }). 잔액: { $balance }.
revoked = { $member }님에게서 { $amount } 크레딧을 회수했습니다({ $reason }). 잔액: { $balance }.
granted-before = { $when }에 이미 처리됨: { $member }님에게 { $amount } 크레딧 지급. 변경된 것은 없습니다. 잔액 { $balance }.
revoked-before = { $when }에 이미 처리됨: { $member }님에게서 { $amount } 크레딧 회수. 변경된 것은 없습니다. 잔액 { $balance }.
audit-granted = { $actor }님이 { $member }님에게 { $amount } 크레딧 지급: { $reason }
audit-revoked = { $actor }님이 { $member }님에게서 { $amount } 크레딧 회수: { $reason }
audit-none = 아직 지급, 회수, 구매 내역이 없습니다.
audit-header = **지급, 회수, 구매 내역**(총 { $total }건, { $page }/{ $pages }페이지)
audit-header-member = **{ $member }님의 지급, 회수, 구매 내역**(총 { $total }건, { $page }/{ $pages }페이지)
audit-change = { $when } { $actor } { $amount } → { $member } · { $reason }
purchase-marks = SKU { $sku } · 엔타이틀먼트 { $entitlement }
purchase-marks-test = SKU { $sku } · 엔타이틀먼트 { $entitlement } · 테스트
audit-purchase = { $member }님이 { $amount } 크레딧 구매({ $marks })
audit-refund = Discord가 { $member }님의 { $amount } 크레딧을 환불함: { $taken } 회수({ $marks })
audit-refund-owed = Discord가 { $member }님의 { $amount } 크레딧을 환불함: { $taken } 회수, { $owed }은(는) 이미 사용되어 미수({ $marks })

## /history
history-empty = 아직 업스케일 기록이 없습니다.
history-header = **내 업스케일**({ $page }/{ $pages }페이지, 총 { $total }건)
history-line = { $when } · { $sizes } · { $price } 크레딧 · { $link }
history-line-made = { $when } · { $sizes } · { $made } · { $price } 크레딧 · { $link }

## /upscale-admin queue and failures
page-footer = { $page }/{ $pages }페이지
queue-running = 실행 중: { $jobs }
queue-running-more = 실행 중: { $jobs } 외 { $more }개
queue-running-none = 실행 중: 없음
queue-empty = 대기 중인 작업이 없습니다.
queue-line = { $position }. 작업 #{ $job } · { $member }님 · { $model } · 약 { $duration }
failures-none = 이 서버에는 실패하거나 취소된 업스케일이 없습니다.
failures-header = **실패 및 취소된 업스케일**({ $page }/{ $pages }페이지, 총 { $total }건)
failures-refunded = { $price } 환불됨
failures-not-charged = 차감 안 됨
failures-error-id = 오류 ID { $error_id }
state-failed = 실패
state-cancelled = 취소됨

## /upscale-admin settings
settings-title = **이 서버의 설정**
settings-line = { $label }: { $value }
settings-line-default = { $label }: { $value } · 기본값
settings-hint = -# 빈 칸과 선택하지 않은 항목은 기본값으로 돌아갑니다.
settings-saved = 저장됨: { $changes }.
settings-unchanged = 변경된 것이 없습니다.
settings-needs-intent = -# 자동 버튼은 다른 봇의 이미지를 읽으므로 Message Content 인텐트가 필요합니다. 봇 소유자가 Developer Portal에서 이를 켜고 UPSCALE_DISCORD__MESSAGE_CONTENT=true로 설정해야 합니다.
setting-upscale_price = 업스케일 가격
setting-creative_price = 크리에이티브 업스케일 가격
setting-detail_price = 디테일 업스케일 가격
setting-starting_balance = 시작 잔액
setting-allowance_amount = 정기 지급량
setting-allowance_every_hours = 정기 지급 주기
setting-allowance_cap = 정기 지급 상한
setting-auto_button_channels = 자동 버튼 채널
setting-admin_role_id = 관리자 역할
setting-audit_channel_id = 감사 로그 채널
setting-top_up_url = 충전 링크
setting-language = 언어
setting-allowance = 정기 지급
value-credits = { $amount } 크레딧
value-every-hours = { $hours }시간마다
value-none = 없음
value-role-none = 없음(서버 관리하기 권한만)
value-language-discord = 서버의 Discord 언어
value-allowance = { $hours }시간마다 { $amount } 크레딧, 최대 { $cap }
value-allowance-off = 끔
audit-setting = { $actor }님이 { $setting } 설정을 { $value }(으)로 변경(이전: { $before }).
audit-setting-default = { $actor }님이 { $setting } 설정을 기본값 { $value }(으)로 변경(이전: { $before }).
select-auto-channels = 업스케일 버튼이 자동으로 붙는 채널
select-admin-role = 관리자 역할(서버 관리하기 권한 외에)
select-audit-channel = 감사 로그 채널
select-language = 공개 메시지와 감사 로그의 언어
option-language-discord = 서버의 Discord 언어
button-edit-credits = 가격 및 잔액…
button-edit-allowance = 정기 지급…
form-credits-title = 가격 및 잔액
form-allowance-title = 정기 지급
field-upscale_price = 업스케일 가격(크레딧)
field-creative_price = 크리에이티브 업스케일 가격(크레딧)
field-detail_price = 디테일 업스케일 가격(크레딧)
field-starting_balance = 새 멤버의 시작 잔액
field-top_up_url = 크레딧이 떨어진 멤버에게 보여 줄 충전 링크
field-allowance_amount = 주기마다 주는 무료 크레딧(0이면 끔)
field-allowance_every_hours = 주기(시간)
field-allowance_cap = 이 잔액을 넘지 않음
field-default = 기본값: { $value }

## Commands. Names: lower case, no spaces, 1-32 letters, digits, - or _ (Discord's rules);
## the context menu's name may have spaces and capitals.
command-upscale = 업스케일
command-upscale-description = 업스케일 버튼과 함께 이미지를 올리고 업스케일합니다
command-upscale-image = 이미지
command-upscale-image-description = 업스케일할 이미지
command-upscale-model = 모델
command-upscale-model-description = 사용할 모델(기본값: 서버 설정)
command-upscale-image-menu = 이미지 업스케일
command-credits = 크레딧
command-credits-description = 내 크레딧: 잔액, 예약, 최근 변동
command-history = 기록
command-history-description = 내 업스케일, 최신순
command-history-page = 페이지
command-history-page-description = 페이지 번호
command-credits-admin = 크레딧-관리
command-credits-admin-description = 크레딧 지급, 회수 및 감사
command-credits-admin-grant = 지급
command-credits-admin-grant-description = 멤버에게 크레딧 지급
command-credits-admin-revoke = 회수
command-credits-admin-revoke-description = 멤버에게서 크레딧 회수
command-credits-admin-audit = 감사
command-credits-admin-audit-description = 지급과 회수 내역(누가, 왜)
command-credits-admin-member = 멤버
command-credits-admin-member-description = 대상 멤버
command-credits-admin-amount = 수량
command-credits-admin-amount-description = 크레딧 수
command-credits-admin-reason = 사유
command-credits-admin-reason-description = 사유(감사 로그에 남음)
command-credits-admin-audit-member-description = 이 멤버만
command-upscale-admin = 업스케일-관리
command-upscale-admin-description = 업스케일 대기열 관리
command-upscale-admin-queue = 대기열
command-upscale-admin-queue-description = 작업이 실행될 순서대로 본 대기열
command-upscale-admin-settings = 설정
command-upscale-admin-settings-description = 이 서버의 가격, 정기 지급, 채널
command-upscale-admin-failures = 실패
command-upscale-admin-failures-description = 최근 실패하거나 취소된 업스케일
