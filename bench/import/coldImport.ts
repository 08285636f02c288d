// One import in a fresh process, as the app runs it (main/library's importStudies into a new
// library), bundled by bench/import.bench.ts into dist/bench/import/coldImport.js. The app has
// no import command, so this is the cold process the peer comparison times: `node coldImport.js
// <folder>` prints the report's counts as one JSON line.
import { importStudies } from '../../main/library/importStudies.ts';
import { StudyLibrary } from '../../main/library/studyLibrary.ts';

const report = await importStudies(new StudyLibrary(), process.argv.slice(2), {
  signal: new AbortController().signal,
});
console.log(
  JSON.stringify({
    filesSeen: report.filesSeen,
    instancesAdded: report.instancesAdded,
    withoutImages: report.withoutImages,
    notDicom: report.notDicom,
    broken: report.broken.length + report.brokenNotListed,
  }),
);
