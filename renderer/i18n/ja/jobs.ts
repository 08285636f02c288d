// Japanese messages for sent jobs, and the review of their findings.

export const jobs = {
  heading: 'AI 解析の送信',
  empty: '送信したジョブはまだありません。',
  send: 'AI サービスへ送信',
  retry: '再試行',
  cancel: '中止',
  results: 'AI 結果 {{count}} 件',
  resultsReady: 'AI 結果が届きました（{{count}} 件）。元の検査の横に保存しました。',
  refused: '識別子（UID）が不正な結果 {{count}} 件を拒否しました。その他の結果は保存しました。',
  progress: '{{done}} / {{total}} 画像（{{percent}}%）',
  aiMark: 'AI',
  openResults: '結果を開く',
  states: {
    preparing: '仮名化の準備中',
    uploading: 'アップロード中 {{percent}}%',
    queued: '解析の順番待ち',
    running: '解析中',
    completed: '完了',
    failed: '失敗',
    cancelled: '中止',
  },
  failure: {
    not_signed_in:
      'AI プラットフォームにログインしていません。ログインしてから「再試行」を押してください。',
    network:
      'AI プラットフォームに接続できませんでした。ネットワークを確認して「再試行」を押してください。繰り返し失敗する場合は、システム管理者（またはプラットフォームの運営者）に連絡してください。',
    server_refused:
      'AI プラットフォームが画像の受け取りを拒否しました。このシリーズがサービスの対象か確認してください。不明な場合は、プラットフォームの管理者に連絡してください。',
    pseudonymize_failed:
      '画像を仮名化できなかったため、何も送信していません。別のシリーズで試してください。繰り返し失敗する場合は、システム管理者に連絡してください。',
    no_instances:
      '送信できる画像がありませんでした。サービスの対象となる画像を含むシリーズを選んでください。',
    service_cancelled:
      'AI サービスが解析を中止しました。「再試行」を押してください。再び中止される場合は、プラットフォームの管理者に連絡してください。',
    foreign_reference:
      '送信していない画像を参照する結果が返されたため、受け取りを拒否しました。何も保存していません。プラットフォームの管理者に連絡してください。',
    invalid_result:
      'AI サービスの結果を読み取れなかったため、何も保存していません。プラットフォームの管理者に連絡してください。',
    malformed_result:
      'AI サービスの結果の識別子（UID）が不正だったため、受け取りを拒否しました。何も保存していません。プラットフォームの管理者に連絡してください。',
    response_too_large:
      'AI プラットフォームから上限を超えるデータが届いたため、受信を中止しました。プラットフォームの管理者に連絡してください。',
    vault_unavailable:
      '仮名対応表を開けません（OS のキーチェーンにある鍵が見つかりません）。キーチェーンが起動してロック解除されているか確認し、「再試行」を押してください。解決しない場合は、システム管理者に連絡してください。',
    keychain_unavailable:
      'OS のキーチェーン（Linux では GNOME キーリングや KWallet などの Secret Service）が使えないため、仮名化も送信もできませんでした。キーチェーンを起動してロックを解除してから「再試行」を押してください。設定はシステム管理者に依頼してください。',
    disk_full:
      'ディスクの空き容量が足りないため、処理を中止しました。空き容量を確保してから「再試行」を押してください。解決しない場合は、システム管理者に連絡してください。',
    interrupted:
      '処理が中断されました。「再試行」を押してください。繰り返し起こる場合は、システム管理者に連絡してください。',
  },
} as const;

export const review = {
  results: '結果',
  manualResult: '手動・他社製',
  open: 'AI 結果を確認',
  heading: 'AI 結果の確認',
  close: '確認を閉じる',
  original: '元画像',
  mip: 'MIP（輪郭付き）',
  annotated: '注釈付き',
  noResults: 'この検査には AI 結果（SEG または TID 1500 SR）がありません。',
  aiMarkTitle: 'AI アルゴリズムによる結果（{{manufacturer}}）',
  segments: 'セグメント',
  fill: '塗りつぶし',
  outline: '輪郭',
  opacity: '不透明度',
  showSegment: '{{label}} を表示',
  segmentColor: '{{label}} の色',
  findings: '所見（{{count}}）',
  size: 'サイズ',
  volume: '体積',
  /** Brackets around a measurement's derivation (Maximum, Mean) after its name. */
  derivationOpen: '（',
  derivationClose: '）',
  confidence: '確信度',
  mm: '{{value}} mm',
  mm3: '{{value}} mm³',
  decision: '判定',
  accept: '採用',
  reject: '不採用',
  comment: 'コメント',
  save: '判定を保存',
  saved: '判定を新しい SR として保存しました。',
  aiUnchanged: 'AI 結果そのものは変更されません。',
  showLibrary: '検査一覧を表示',
  hideLibrary: '検査一覧を隠す',
} as const;
