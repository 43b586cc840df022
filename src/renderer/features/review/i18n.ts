import i18n from '../../i18n';
import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';

// The workspace's strings (keys review.*) live in their own bundles, deep-merged, never overwriting.
i18n.addResourceBundle('en', 'translation', en, true, false);
i18n.addResourceBundle('zh-CN', 'translation', zhCN, true, false);
