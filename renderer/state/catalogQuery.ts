import type { CatalogService, Locale } from '../../preload/contract/index.js';

/** The services a doctor sees: by tab (all / pinned, in pin order), category and search words. */
export function visibleServices(
  services: CatalogService[],
  options: {
    tab: 'all' | 'mine';
    pinned: string[];
    category: string;
    search: string;
    locale: Locale;
  },
): CatalogService[] {
  const words = options.search.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const base =
    options.tab === 'mine'
      ? options.pinned
          .map((id) => services.find((service) => service.id === id))
          .filter((service): service is CatalogService => service !== undefined)
      : services;
  return base.filter((service) => {
    if (options.category !== 'all' && service.category !== options.category) return false;
    if (words.length === 0) return true;
    // Both languages are searched: a Japanese UI user may type an English term and vice versa.
    const text = [
      service.name.ja,
      service.name.en,
      service.description.ja,
      service.description.en,
      service.vendor.name,
      ...service.input.modalities,
    ]
      .join(' ')
      .toLowerCase();
    return words.every((word) => text.includes(word));
  });
}

export function localized(text: { ja: string; en: string }, locale: Locale): string {
  return locale === 'ja' ? text.ja : text.en;
}
