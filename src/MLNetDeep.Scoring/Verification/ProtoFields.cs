using System;
using Google.Protobuf;

namespace MLNetDeep.Scoring
{
    /// <summary>
    /// Walks the fields of a protobuf message on the wire. A field that a caller reads must have the wire type its
    /// reader expects (length-delimited for messages and strings, varint for numbers); anything else is refused rather
    /// than read differently from how ONNX Runtime would read it.
    /// </summary>
    internal sealed class ProtoFields
    {
        public ProtoFields(string entryName)
        {
            EntryName = entryName;
        }

        public string EntryName { get; }

        /// <summary>Calls <paramref name="read"/> for each field; a field it does not read (returns false) is skipped.</summary>
        public void Walk(byte[] message, Func<Field, bool> read)
        {
            var input = new CodedInputStream(message);
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                if (!read(new Field(this, input, tag)))
                    input.SkipLastField();
            }
        }

        /// <summary>The last value of string field <paramref name="number"/> in <paramref name="message"/>, or "".</summary>
        public string Text(byte[] message, int number)
        {
            string value = "";
            Walk(message, field =>
            {
                if (field.Number != number)
                    return false;
                value = field.Text();
                return true;
            });
            return value;
        }

        private InvalidModelException WrongType(int number) =>
            new InvalidModelException($"The ONNX model in '{EntryName}' has field {number} with an unexpected wire type: the zip is damaged.");

        /// <summary>One field of a message being walked.</summary>
        public readonly struct Field
        {
            private readonly ProtoFields _owner;
            private readonly CodedInputStream _input;
            private readonly WireFormat.WireType _type;

            internal Field(ProtoFields owner, CodedInputStream input, uint tag)
            {
                _owner = owner;
                _input = input;
                Number = WireFormat.GetTagFieldNumber(tag);
                _type = WireFormat.GetTagWireType(tag);
            }

            public int Number { get; }

            public byte[] Message() => Expect(WireFormat.WireType.LengthDelimited)._input.ReadBytes().ToByteArray();

            public string Text() => Expect(WireFormat.WireType.LengthDelimited)._input.ReadString();

            public ulong Varint() => Expect(WireFormat.WireType.Varint)._input.ReadUInt64();

            private Field Expect(WireFormat.WireType type) => _type == type ? this : throw _owner.WrongType(Number);
        }
    }
}
