import i18n from '../../i18n';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';

// Insights keeps its strings in its own bundles (keys insights.*) so it translates without
// editing the shared en.json / zh-CN.json. Deep-merged, never overwriting.
i18n.addResourceBundle('en', 'translation', en, true, false);
i18n.addResourceBundle('zh-CN', 'translation', zhCN, true, false);
