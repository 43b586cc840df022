import { dialog, type BrowserWindow } from 'electron';
import type { Handler } from '../core/api/types';

/** The desktop app's native file dialog behind the contract's chooseFiles. */
export function chooseFilesHandler(window: BrowserWindow): Handler<'chooseFiles'> {
  return async ({ purpose, multiple, directories }) => {
    const filters =
      purpose === 'pdfs'
        ? [{ name: 'PDF', extensions: ['pdf'] }]
        : [{ name: 'GGUF model or adapter', extensions: ['gguf'] }];
    const properties: Array<'openFile' | 'openDirectory' | 'multiSelections'> = [
      directories ? 'openDirectory' : 'openFile',
    ];
    if (multiple) properties.push('multiSelections');
    const result = await dialog.showOpenDialog(window, { filters, properties });
    return { paths: result.canceled ? [] : result.filePaths };
  };
}
