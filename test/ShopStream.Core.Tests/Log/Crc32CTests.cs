using System.Text;
using ShopStream.Core.Log.Embedded;

namespace ShopStream.Core.Tests.Log;

public sealed class Crc32CTests
{
    public static TheoryData<byte[], uint> KnownValues => new()
    {
        { [], 0u },
        { Encoding.ASCII.GetBytes("123456789"), 0xE3069283u },
        // RFC 3720 (iSCSI) appendix B.4
        { new byte[32], 0x8A9136AAu },
        { Enumerable.Repeat((byte)0xFF, 32).ToArray(), 0x62A8AB43u },
        { Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), 0x46DD794Eu },
        { Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray(), 0x113FDB5Cu },
    };

    [Theory]
    [MemberData(nameof(KnownValues))]
    public void Checksum_matches_the_published_check_values(byte[] data, uint expected)
    {
        Assert.Equal(expected, Crc32C.Compute(data));
        Assert.Equal(expected, Crc32C.ComputeScalar(data));
    }

    [Fact]
    public void Instruction_and_table_give_the_same_checksum_for_every_length_and_alignment()
    {
        var random = new Random(3);
        var data = new byte[600];
        random.NextBytes(data);
        for (int start = 0; start < 8; start++)
        {
            for (int length = 0; start + length <= data.Length; length++)
            {
                var span = data.AsSpan(start, length);
                Assert.Equal(Crc32C.ComputeScalar(span), Crc32C.Compute(span));
            }
        }
    }

    [Fact]
    public void Checksum_continues_across_chunks()
    {
        var data = new byte[1000];
        new Random(4).NextBytes(data);
        uint whole = Crc32C.Compute(data);
        for (int cut = 0; cut <= data.Length; cut += 37)
            Assert.Equal(whole, Crc32C.Append(Crc32C.Compute(data.AsSpan(0, cut)), data.AsSpan(cut)));
    }
}
