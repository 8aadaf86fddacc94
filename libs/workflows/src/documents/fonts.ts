/**
 * The fonts every generated PDF embeds: DejaVu covers Latin and Cyrillic, so
 * the English and Russian texts of a note or a report render from one file
 * each (npm `dejavu-fonts-ttf`, resolved from node_modules at run time).
 */
export const PDF_FONTS = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
} as const;
