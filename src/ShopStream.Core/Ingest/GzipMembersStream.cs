using System.Runtime.InteropServices;

namespace ShopStream.Core.Ingest;

/// <summary>
/// Reads a gzip file (one member or several concatenated, as <c>cat a.gz b.gz</c> makes) through the system's zlib,
/// and fails on a file cut short. .NET's <c>GZipStream</c> ends quietly where a truncated file ends, so a run over the
/// first half of a .gz reported success and half the rows; zlib says whether each member reached its end, and checks
/// its CRC-32 and length as well.
/// </summary>
/// <remarks>
/// zlib's <c>z_stream</c> lives in native memory (zlib keeps a pointer to it between calls), and so does the input
/// buffer; output goes straight into the caller's span. Linux x64 layout (zlib.h): 112 bytes.
/// </remarks>
internal sealed unsafe partial class GzipMembersStream : ForwardReadStream
{
    private const string Zlib = "libz.so.1";
    private const int StreamSize = 112;
    private const int NextIn = 0, AvailIn = 8, NextOut = 24, AvailOut = 32, Message = 48;
    private const int Gzip = 15 + 16; // windowBits: the largest window, gzip wrapper only
    private const int InputSize = 1 << 16;
    private const int Ok = 0, StreamEnd = 1, BufferError = -5;

    private readonly Stream _raw;
    private readonly byte* _stream;
    private readonly byte* _input;
    private bool _memberDone;
    private bool _started;
    private bool _disposed;

    public GzipMembersStream(Stream raw)
    {
        _raw = raw;
        _stream = (byte*)NativeMemory.AllocZeroed(StreamSize);
        _input = (byte*)NativeMemory.Alloc(InputSize);
        int rc;
        try
        {
            rc = InflateInit2(_stream, Gzip, "1.2.11", StreamSize);
        }
        catch (DllNotFoundException ex)
        {
            Free();
            throw new IOException($"{Zlib} could not be loaded (gzip input is read with it): install Debian's zlib1g", ex);
        }

        if (rc != Ok)
        {
            Free();
            throw new IOException($"zlib could not start (inflateInit2 returned {rc})");
        }
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty)
            return 0;
        while (true)
        {
            if (_memberDone)
            {
                if (Available == 0 && !Refill())
                    return 0; // every member whole
                // Zero bytes after a member are padding (gzip(1) ignores them too); anything else is another member:
                // concatenated gzip files decompress to their concatenation.
                if (SkipZeros())
                    continue;
                Check(InflateReset(_stream));
                _memberDone = false;
            }

            // At the end of the file zlib is still called once more: only when it can give nothing more is a member
            // that has not ended cut short (a long match may still be pending for the caller's small buffer).
            bool end = Available == 0 && !Refill();
            if (end && !_started)
                return 0; // an empty stream
            _started = true;
            int produced;
            int rc;
            fixed (byte* output = buffer)
            {
                *(byte**)(_stream + NextOut) = output;
                *(uint*)(_stream + AvailOut) = (uint)buffer.Length;
                rc = Inflate(_stream, 0);
                produced = buffer.Length - (int)*(uint*)(_stream + AvailOut);
                *(byte**)(_stream + NextOut) = null;
            }

            if (rc == StreamEnd)
                _memberDone = true;
            else if (rc == BufferError && produced == 0 && end)
                throw new InvalidDataException("the gzip data ends before its last member does: it is truncated"); // a file or a request body: not "the file"
            else if (rc is not (Ok or BufferError))
                Check(rc);
            if (produced > 0)
                return produced;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (!_disposed)
        {
            _disposed = true;
            _ = InflateEnd(_stream);
            Free();
            if (disposing)
                _raw.Dispose();
        }

        base.Dispose(disposing);
    }

    private uint Available => *(uint*)(_stream + AvailIn);

    // More compressed bytes into the input buffer; false at the end of the file.
    private bool Refill()
    {
        int n = _raw.Read(new Span<byte>(_input, InputSize));
        *(byte**)(_stream + NextIn) = _input;
        *(uint*)(_stream + AvailIn) = (uint)n;
        return n > 0;
    }

    // Consumes the zero bytes at the start of the input buffer; true when that was all of it.
    private bool SkipZeros()
    {
        byte* next = *(byte**)(_stream + NextIn);
        uint available = Available;
        while (available > 0 && *next == 0)
        {
            next++;
            available--;
        }

        *(byte**)(_stream + NextIn) = next;
        *(uint*)(_stream + AvailIn) = available;
        return available == 0;
    }

    private void Check(int rc)
    {
        if (rc == Ok)
            return;
        var message = *(byte**)(_stream + Message) is var m && m != null ? Marshal.PtrToStringUTF8((nint)m) : null;
        throw new InvalidDataException($"the gzip data is damaged ({message ?? $"zlib error {rc}"})");
    }

    private void Free()
    {
        NativeMemory.Free(_stream);
        NativeMemory.Free(_input);
    }

    [LibraryImport(Zlib, EntryPoint = "inflateInit2_", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int InflateInit2(byte* stream, int windowBits, string version, int streamSize);

    [LibraryImport(Zlib, EntryPoint = "inflate")]
    private static partial int Inflate(byte* stream, int flush);

    [LibraryImport(Zlib, EntryPoint = "inflateReset")]
    private static partial int InflateReset(byte* stream);

    [LibraryImport(Zlib, EntryPoint = "inflateEnd")]
    private static partial int InflateEnd(byte* stream);
}
