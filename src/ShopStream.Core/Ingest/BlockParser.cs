using ShopStream.Core.Text;
using ShopStream.Core.Validation;

namespace ShopStream.Core.Ingest;

/// <summary>A parse worker's state: one parser per format, with its own string pool (pools are not shared between threads).</summary>
internal sealed class BlockParser
{
    private readonly StringPool _pool = new();
    private readonly Dictionary<InputFormat, IRecordParser> _parsers = [];

    public void Parse(RecordBlock block)
    {
        if (!_parsers.TryGetValue(block.Format, out var parser))
            _parsers[block.Format] = parser = FormatDetector.CreateParser(block.Format, _pool);
        for (int i = 0; i < block.Count; i++)
        {
            var reason = block.Known[i];
            if (reason == RejectReason.None)
            {
                var record = block.Record(i);
                reason = RecordText.IsValid(record) ? parser.Parse(record, ref block.Events[block.EventCount]) : RejectReason.Encoding;
            }

            if (reason == RejectReason.None)
                block.EventRecord[block.EventCount++] = i;
            else
                block.Reject(i, reason);
        }
    }
}
