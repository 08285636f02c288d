/** Drag type of a series dragged from the series list onto a viewport (HTML drag and drop). */
export const SERIES_DRAG_TYPE = 'application/x-mitate-series';
