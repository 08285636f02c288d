// Japanese messages for one sentence per error code of the contract (error.<code>).

export const error = {
  invalid_request: 'アプリ内部の要求が不正でした。操作をやり直してください。',
  invalid_response: 'アプリ内部の応答が不正でした。操作をやり直してください。',
  unknown_channel: 'この操作はこのバージョンでは使えません。',
  not_found: '対象が見つかりません。一覧を更新してください。',
  path_not_found: '指定したフォルダまたはファイルが見つかりません。パスを確認してください。',
  path_not_allowed:
    'その場所 (ネットワークやシステムのパス、Mitate 自身のデータフォルダ) からは読み込めないか、読み込みが確認されませんでした。',
  permission_denied: 'フォルダを読む権限がありません。',
  import_busy: '別の読み込みが進行中です。終わるまでお待ちください。',
  import_cancelled: '読み込みを中止しました。',
  dialog_unavailable: 'この環境ではフォルダ選択ダイアログを使えません。パスを入力してください。',
  host_disconnected: 'アプリ本体との接続が切れました。アプリを再起動してください。',
  setting_locked: 'この設定は管理者のポリシーで固定されているため変更できません。',
  auth_no_platform: 'AIプラットフォームが設定されていません。管理者に確認してください。',
  auth_failed: 'ログインできませんでした。もう一度お試しください。',
  auth_cancelled: 'ログインは中止されました。',
  auth_single_factor:
    'ログインを拒否しました: 二要素認証(パスワードとワンタイムコードなど)が確認できません。接続先プラットフォームのURLが誤っている可能性があります。管理者に確認してください。ログイン情報は保存していません。',
  auth_other_user:
    'ロックを解除できるのは、ロック前にログインしていたユーザーだけです。別のユーザーで使うには、先にログアウトしてください。',
  platform_unreachable: 'AIプラットフォームに接続できません。ネットワークを確認してください。',
  platform_response_too_large:
    'AIプラットフォームから許容量を超えるデータが送られたため、通信を中止しました。管理者に連絡してください。',
  platform_url_invalid:
    'AIプラットフォームのURLが正しくありません(https:// で始まり、ユーザー名やパスワードを含まない形にしてください)。管理者に確認してください。',
  platform_url_insecure:
    'AIプラットフォームのURLが暗号化されない http です。このアプリは https のプラットフォームにだけ接続します(このコンピューター上のものを除く)。URLを https に直すよう管理者に依頼してください。',
  session_locked: '画面がロックされています。ログインして解除してください。',
  pacs_failed: '接続先の PACS との通信に失敗しました。',
  pacs_url_insecure:
    'DICOMweb の http アドレスはこのコンピューター上のサーバーにだけ使えます。他のサーバーには https:// を使ってください。',
  internal: '予期しないエラーが発生しました。もう一度お試しください。',
} as const;
