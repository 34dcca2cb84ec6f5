#ifndef VERNIER_CMODBUS_SHIM_H
#define VERNIER_CMODBUS_SHIM_H

// libmodbus as shipped by Debian's libmodbus-dev (pkg-config `libmodbus` adds -I/usr/include/modbus).
#include <modbus.h>
#include <errno.h>

// Swift imports only macros that expand to a single literal. libmodbus defines its error codes as
// expressions over MODBUS_ENOBASE (`#define EMBXILADD (MODBUS_ENOBASE + MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS)`),
// so they are re-exported here as prefixed constants, computed by the C compiler from libmodbus's own header:
// the Swift side never hard-codes the error base.

// Modbus exceptions a device answered with (libmodbus sets errno to MODBUS_ENOBASE + the exception code).
static const int CModbus_EMBXILFUN = EMBXILFUN;    ///< 0x01 illegal function
static const int CModbus_EMBXILADD = EMBXILADD;    ///< 0x02 illegal data address
static const int CModbus_EMBXILVAL = EMBXILVAL;    ///< 0x03 illegal data value
static const int CModbus_EMBXSFAIL = EMBXSFAIL;    ///< 0x04 slave (server) device failure
static const int CModbus_EMBXACK = EMBXACK;        ///< 0x05 acknowledge (request accepted, still processing)
static const int CModbus_EMBXSBUSY = EMBXSBUSY;    ///< 0x06 slave (server) device busy
static const int CModbus_EMBXNACK = EMBXNACK;      ///< 0x07 negative acknowledge
static const int CModbus_EMBXMEMPAR = EMBXMEMPAR;  ///< 0x08 memory parity error
static const int CModbus_EMBXGPATH = EMBXGPATH;    ///< 0x0A gateway path unavailable
static const int CModbus_EMBXGTAR = EMBXGTAR;      ///< 0x0B gateway target device failed to respond

// Errors libmodbus detects itself.
static const int CModbus_EMBBADCRC = EMBBADCRC;    ///< invalid CRC (RTU)
static const int CModbus_EMBBADDATA = EMBBADDATA;  ///< invalid data (malformed or mismatched response)
static const int CModbus_EMBBADEXC = EMBBADEXC;    ///< invalid exception code
static const int CModbus_EMBUNKEXC = EMBUNKEXC;    ///< unknown exception code
static const int CModbus_EMBMDATA = EMBMDATA;      ///< too many data
static const int CModbus_EMBBADSLAVE = EMBBADSLAVE; ///< response from an unexpected unit (slave)
static const int CModbus_ENOBASE = MODBUS_ENOBASE; ///< base of libmodbus's own errno values

// Exception codes a server replies with (modbus_reply_exception).
static const unsigned int CModbus_EXCEPTION_ILLEGAL_FUNCTION = MODBUS_EXCEPTION_ILLEGAL_FUNCTION;
static const unsigned int CModbus_EXCEPTION_ILLEGAL_DATA_ADDRESS = MODBUS_EXCEPTION_ILLEGAL_DATA_ADDRESS;
static const unsigned int CModbus_EXCEPTION_ILLEGAL_DATA_VALUE = MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE;
static const unsigned int CModbus_EXCEPTION_SLAVE_OR_SERVER_FAILURE = MODBUS_EXCEPTION_SLAVE_OR_SERVER_FAILURE;
static const unsigned int CModbus_EXCEPTION_GATEWAY_TARGET = MODBUS_EXCEPTION_GATEWAY_TARGET;

// Protocol limits (single literals, but exported here too so Swift code reads them from one place).
static const int CModbus_TCP_DEFAULT_PORT = MODBUS_TCP_DEFAULT_PORT;
static const int CModbus_TCP_SLAVE = MODBUS_TCP_SLAVE;
static const int CModbus_BROADCAST_ADDRESS = MODBUS_BROADCAST_ADDRESS;
static const int CModbus_MAX_READ_BITS = MODBUS_MAX_READ_BITS;
static const int CModbus_MAX_WRITE_BITS = MODBUS_MAX_WRITE_BITS;
static const int CModbus_MAX_READ_REGISTERS = MODBUS_MAX_READ_REGISTERS;
static const int CModbus_MAX_WRITE_REGISTERS = MODBUS_MAX_WRITE_REGISTERS;
static const int CModbus_MAX_WR_WRITE_REGISTERS = MODBUS_MAX_WR_WRITE_REGISTERS;
static const int CModbus_MAX_WR_READ_REGISTERS = MODBUS_MAX_WR_READ_REGISTERS;
static const int CModbus_TCP_MAX_ADU_LENGTH = MODBUS_TCP_MAX_ADU_LENGTH;
static const int CModbus_RTU_MAX_ADU_LENGTH = MODBUS_RTU_MAX_ADU_LENGTH;
static const int CModbus_MAX_ADU_LENGTH = MODBUS_MAX_ADU_LENGTH;

#endif
